namespace Queues.Imaging;

public sealed partial class ImagePipeline
{
    /// <summary>
    /// The job's outputs and the list preview of its original (<see cref="Preview"/>). When the job's only output starts
    /// by shrinking the whole picture to at least the preview's size, the preview comes from the same decode: the shrunk
    /// pixels are kept in memory once and both are made from them, so the preview costs a 160 px resize and encode
    /// instead of a second decode of the original. Otherwise it is made from the original apart.
    /// </summary>
    public (IReadOnlyList<ProcessedImage> Results, byte[]? Preview) RunWithPreview(byte[] input, IReadOnlyList<OperationPlan> plans,
        IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        if (plans is [{ Steps: [Resize { Fit: ResizeFit.Fit } first, ..] } only] && Covers(first.Width) && Covers(first.Height))
        {
            var (result, preview) = RunOne(input, only, progress, cancellationToken, withPreview: true);
            return ([result], preview);
        }
        var results = RunAll(input, plans, progress, cancellationToken);
        return (results, Preview.Make(input));
    }

    static bool Covers(int? side) => side is null or >= Preview.Side;
}

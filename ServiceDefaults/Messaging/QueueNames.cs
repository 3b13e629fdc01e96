namespace Queues.ServiceDefaults.Messaging;

public static class QueueNames
{
    /// <summary>Where <c>ProcessImage</c> commands wait for a worker (the name the kebab-case convention gives its consumer).</summary>
    public const string ProcessImage = "process-image";

    public const string ProcessImageErrors = ProcessImage + "_error";

    public static readonly Uri ProcessImageAddress = new($"queue:{ProcessImage}");
}

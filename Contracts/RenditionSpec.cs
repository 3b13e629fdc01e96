namespace Queues.Contracts;

/// <summary>One named output of a job with several (<see cref="ProcessImage.Renditions"/>).</summary>
/// <param name="Name">[a-z0-9-]{1,32}, unique in its job; part of the result's key and URL.</param>
public record RenditionSpec(string Name, string[] Operations, string OutputFormat, int Quality);

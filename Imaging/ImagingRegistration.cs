using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Queues.Imaging;

public static class ImagingRegistration
{
    /// <summary>The limits an upload is checked against (<see cref="ImageInspector"/>); all the Api needs of imaging.</summary>
    public static IHostApplicationBuilder AddImageLimits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImagingOptions>().BindConfiguration("Imaging").ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<ImagingOptions>, ImagingOptionsValidator>();
        return builder;
    }

    /// <summary>The pipeline a worker runs, with its limits and libvips' process-wide settings.</summary>
    public static IHostApplicationBuilder AddImagePipeline(this IHostApplicationBuilder builder)
    {
        builder.AddImageLimits();
        builder.Services.AddSingleton<ImagePipeline>();
        builder.Services.AddHostedService<VipsSetup>();
        return builder;
    }

    /// <summary>
    /// libvips' operation cache only helps when the same image is processed twice, which a queue never does; and
    /// fewer malloc arenas keep a worker's memory near what its images need. Both before the first image.
    /// </summary>
    sealed class VipsSetup(IOptions<ImagingOptions> options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            if (options.Value.MallocArenas > 0) MallocArenas.Limit(options.Value.MallocArenas);
            NetVips.Cache.Max = 0;
            if (options.Value.VipsConcurrency > 0) NetVips.NetVips.Concurrency = options.Value.VipsConcurrency;
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

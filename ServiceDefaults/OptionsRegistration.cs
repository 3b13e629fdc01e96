using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Queues.ServiceDefaults;

public static class OptionsRegistration
{
    /// <summary>
    /// A configuration section bound to <typeparamref name="TOptions"/> and checked at start by its source-generated
    /// validator (<see cref="OptionsValidatorAttribute"/>: the data annotations, then <c>IValidatableObject</c>), whose
    /// failures name the setting as it is configured ("Worker:RetryMaxDelay: …").
    /// </summary>
    public static OptionsBuilder<TOptions> AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>, new()
    {
        services.AddSingleton<IValidateOptions<TOptions>>(new InSection<TOptions>(new TValidator(), section));
        return services.AddOptions<TOptions>().BindConfiguration(section).ValidateOnStart();
    }

    sealed class InSection<TOptions>(IValidateOptions<TOptions> validator, string section) : IValidateOptions<TOptions> where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options)
        {
            var result = validator.Validate(name, options);
            return result.Failed ? ValidateOptionsResult.Fail(result.Failures!.Select(failure => $"{section}:{failure}")) : result;
        }
    }
}

using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;

namespace PolicyEngine.Portal.Localization;

public static class LocalizationServiceCollectionExtensions
{
    /// <summary>
    /// Registers the .resx translations under <c>Resources/</c>, the per-request language (the
    /// user's profile first, then the browser's Accept-Language, then English), translated
    /// model-binding messages, and <see cref="UserTime"/>.
    /// </summary>
    public static IServiceCollection AddPortalLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddSingleton<MissingTranslations>();
        services.AddSingleton<ResourceManagerStringLocalizerFactory>();
        services.AddSingleton<IStringLocalizerFactory, ReportingStringLocalizerFactory>();
        services.AddScoped<UserTime>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = PortalCultures.Supported.Select(CultureInfo.GetCultureInfo).ToList();
            options.DefaultRequestCulture = new RequestCulture(PortalCultures.English);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            // zh-CN, zh-SG and plain zh all fall back to zh-Hans through their parent cultures.
            options.FallBackToParentCultures = true;
            options.FallBackToParentUICultures = true;
            options.RequestCultureProviders =
            [
                new ProfileRequestCultureProvider(),
                new BrowserLanguageProvider(),
            ];
        });
        services.AddOptions<MvcOptions>().Configure<IStringLocalizerFactory>(TranslateModelBindingMessages);
        // Razor would otherwise write each Chinese character as a numeric character reference
        // (8 bytes in place of 3), unreadable in the page source. Markup characters are still encoded.
        services.Configure<WebEncoderOptions>(options =>
            options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        return services;
    }

    /// <summary>Sets each request's language; runs after authentication, which loads the user's profile.</summary>
    public static WebApplication UsePortalLocalization(this WebApplication app)
    {
        app.UseRequestLocalization(app.Services.GetRequiredService<IOptions<RequestLocalizationOptions>>().Value);
        return app;
    }

    /// <summary>
    /// Replaces the framework's model-binding messages, which are English only, with texts from
    /// <see cref="PortalText"/>, looked up in the request's language when the message is made.
    /// </summary>
    private static void TranslateModelBindingMessages(MvcOptions options, IStringLocalizerFactory factory)
    {
        var text = factory.Create(typeof(PortalText));
        var messages = options.ModelBindingMessageProvider;
        messages.SetAttemptedValueIsInvalidAccessor((value, field) =>
            text["The value '{0}' is not valid for {1}.", value, field]);
        messages.SetNonPropertyAttemptedValueIsInvalidAccessor(value =>
            text["The value '{0}' is not valid.", value]);
        messages.SetValueIsInvalidAccessor(value => text["The value '{0}' is invalid.", value]);
        messages.SetValueMustBeANumberAccessor(field => text["{0} must be a number.", field]);
        messages.SetNonPropertyValueMustBeANumberAccessor(() => text["The field must be a number."]);
        messages.SetMissingBindRequiredValueAccessor(field => text["A value for {0} was not given.", field]);
        messages.SetMissingKeyOrValueAccessor(() => text["A value is required."]);
        messages.SetMissingRequestBodyRequiredValueAccessor(() => text["A non-empty request body is required."]);
        messages.SetValueMustNotBeNullAccessor(value => text["The value '{0}' is invalid.", value]);
        messages.SetUnknownValueIsInvalidAccessor(field => text["The value given for {0} is not valid.", field]);
        messages.SetNonPropertyUnknownValueIsInvalidAccessor(() => text["The value given is not valid."]);
    }
}

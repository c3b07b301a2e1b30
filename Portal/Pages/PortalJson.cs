using System.Text.Json;
using Microsoft.Extensions.Options;

namespace PolicyEngine.Portal.Pages;

/// <summary>The JSON options of the minimal API, so that pages serve JSON in the same shape as the API.</summary>
internal static class PortalJson
{
    public static JsonSerializerOptions Options(HttpContext context) =>
        context.RequestServices.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
}

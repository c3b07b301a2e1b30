using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Localization;

/// <summary>
/// ProblemDetails that ASP.NET Core writes itself (unknown route, wrong method, body not JSON)
/// follow Accept-Language like the portal's own, and stay English without it.
/// </summary>
public sealed class FrameworkProblemTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory _factory = new();
    private HttpClient _api = null!;

    public async Task InitializeAsync() => _api = await _factory.CreateApiClientAsync(PortalRoles.Auditor);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    private async Task<(HttpStatusCode Status, JsonNode Problem)> SendAsync(HttpRequestMessage request, string? language)
    {
        if (language is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(language);
        }

        using var response = await _api.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Theory]
    [InlineData("zh-CN", "未找到")]
    [InlineData(null, "Not Found")]
    public async Task UnknownApiRoute_Language_TitleInThatLanguage(string? language, string title)
    {
        var (status, problem) = await SendAsync(new HttpRequestMessage(HttpMethod.Get, "/api/v1/no-such-thing"), language);

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(title, problem["title"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("zh-CN", "不支持的媒体类型", "请以 JSON 格式发送请求正文，并带上请求头 Content-Type: application/json。")]
    [InlineData(null, "Unsupported Media Type", "Send the body as JSON with the header Content-Type: application/json.")]
    public async Task DecisionBodyNotJson_Language_ProblemInThatLanguage(string? language, string title, string detail)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/decisions")
        {
            Content = new StringContent("reference=X", Encoding.UTF8, new MediaTypeHeaderValue("text/plain")),
        };

        var (status, problem) = await SendAsync(request, language);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, status);
        Assert.Equal(title, problem["title"]!.GetValue<string>());
        Assert.Equal(detail, problem["detail"]!.GetValue<string>());
    }
}

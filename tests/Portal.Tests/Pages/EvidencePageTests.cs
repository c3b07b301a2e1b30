using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Pages;

public sealed partial class EvidencePageTests : IAsyncLifetime, IDisposable
{
    private const string PredictionsCsv = "label,p0,p1\n0,0.9,0.1\n1,0.2,0.8\n1,0.6,0.4\n";

    private readonly PortalFactory _factory = new();
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _client = await _factory.CreateSignedInClientAsync(PortalRoles.Auditor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private async Task<HttpResponseMessage> UploadAsync(string csv, string fileName = "predictions.csv")
    {
        string page = await _client.GetStringAsync("/evidence");
        var form = new MultipartFormDataContent
        {
            { new StringContent(AntiforgeryToken().Match(page).Groups[1].Value), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Predictions", fileName);
        return await _client.PostAsync("/evidence", form);
    }

    [Fact]
    public async Task Upload_ValidPredictions_ShowsEvidenceRecord()
    {
        var response = await UploadAsync(PredictionsCsv);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        string location = response.Headers.Location!.OriginalString;
        Assert.StartsWith("/evidence/ev-", location);
        string html = await _client.GetStringAsync(location);
        Assert.Contains("0.6667", html);
        Assert.Contains("Confusion matrix", html);
        Assert.Contains("Calibration bins", html);
        Assert.Contains("evaluate-predictions", html);
        string list = await _client.GetStringAsync("/evidence");
        Assert.Contains("1 record(s), newest first.", list);
        Assert.Matches("<td class=\"number\">3</td>\\s*<td class=\"number\">0.6667</td>", list);
        Assert.Contains("<td>not stated</td>", list);
    }

    [Fact]
    public async Task Upload_ProbabilityAboveOne_ShowsMessageBesideField()
    {
        var response = await UploadAsync("label,p0,p1\n0,1.5,-0.5\n");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        string html = await response.Content.ReadAsStringAsync();
        Assert.Matches("data-valmsg-for=\"Predictions\"[^>]*>[^<]*line 2", html);
        Assert.Contains("0 record(s)", html);
    }

    [Fact]
    public async Task Upload_NoFile_AsksForOne()
    {
        string page = await _client.GetStringAsync("/evidence");
        var form = new MultipartFormDataContent
        {
            { new StringContent(AntiforgeryToken().Match(page).Groups[1].Value), "__RequestVerificationToken" },
        };

        var response = await _client.PostAsync("/evidence", form);

        Assert.Contains("Choose a predictions CSV file to upload.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task EvidencePage_UnknownId_Returns404Page()
    {
        var response = await _client.GetAsync("/evidence/ev-00000000000000000000000000000000");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Page not found", await response.Content.ReadAsStringAsync());
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PolicyEngine.Portal.Tests.Charts;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Pages;

/// <summary>The server-drawn SVG charts on the decision and evidence pages.</summary>
public sealed partial class ChartPageTests : IAsyncLifetime, IDisposable
{
    private readonly PortalFactory _factory = new();
    private HttpClient _client = null!;
    private HttpClient _api = null!;

    /// <summary>Signs an auditor in for the pages and creates an auditor's API key for the API.</summary>
    public async Task InitializeAsync()
    {
        _client = await _factory.CreateSignedInClientAsync(PortalRoles.Auditor);
        _api = await _factory.CreateApiClientAsync(PortalRoles.Auditor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    [GeneratedRegex("<svg[^>]*id=\"(?<id>[a-z-]+)\".*?</svg>", RegexOptions.Singleline)]
    private static partial Regex InlineSvg();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private static XElement FindSvg(string html, string id)
    {
        var match = InlineSvg().Matches(html).FirstOrDefault(m => m.Groups["id"].Value == id);
        Assert.True(match is not null, $"no <svg id=\"{id}\"> on the page");
        return SvgDocument.Parse(match.Value);
    }

    [Fact]
    public async Task DecisionPage_DrawsShareBarsForEachParty()
    {
        var posted = await _api.PostAsync(
            "/api/v1/decisions",
            new StringContent(Samples.ReadCase("hospital-triage-missed-accuracy.json"), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var decision = JsonNode.Parse(await posted.Content.ReadAsStringAsync())!;

        string html = await _client.GetStringAsync($"/decisions/{decision["id"]}");

        var svg = FindSvg(html, "shares-chart");
        SvgDocument.AssertAccessible(svg, "shares-chart");
        var shares = decision["shares"]!.AsArray();
        var bars = svg.All("rect").WithClass("bar").ToList();
        Assert.Equal(shares.Count, bars.Count);
        for (int index = 0; index < shares.Count; index++)
        {
            double percent = shares[index]!["percent"]!.GetValue<double>();
            Assert.Equal(percent / 100 * Portal.Charts.SharesChart.PlotWidth, bars[index].Number("width"), 2);
        }

        Assert.Contains(shares[0]!["party"]!.GetValue<string>(), svg.Element(SvgDocument.Namespace + "desc")!.Value);
    }

    [Fact]
    public async Task EvidencePage_DrawsReliabilityDiagramAndHeatMap()
    {
        string page = await _client.GetStringAsync("/evidence");
        var form = new MultipartFormDataContent
        {
            { new StringContent(AntiforgeryToken().Match(page).Groups[1].Value), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes("label,p0,p1\n0,0.9,0.1\n1,0.2,0.8\n1,0.6,0.4\n0,0.7,0.3\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "Predictions", "predictions.csv");
        var uploaded = await _client.PostAsync("/evidence", form);
        Assert.Equal(HttpStatusCode.Redirect, uploaded.StatusCode);

        string html = await _client.GetStringAsync(uploaded.Headers.Location!.OriginalString);

        var reliability = FindSvg(html, "reliability-diagram");
        SvgDocument.AssertAccessible(reliability, "reliability-diagram");
        Assert.Equal(15, reliability.All("g").WithClass("bin").Count());
        // Confidences 0.9, 0.8, 0.6 and 0.7 fall in four different bins.
        Assert.Equal(4, reliability.All("circle").WithClass("point").Count());
        var heatMap = FindSvg(html, "confusion-heat-map");
        SvgDocument.AssertAccessible(heatMap, "confusion-heat-map");
        // True 0: both predicted 0. True 1: one predicted 1 and one predicted 0.
        var counts = heatMap.All("g").WithClass("cell").Select(c => c.Element(SvgDocument.Namespace + "text")!.Value).ToList();
        Assert.Equal(["2", "0", "1", "1"], counts);
    }
}

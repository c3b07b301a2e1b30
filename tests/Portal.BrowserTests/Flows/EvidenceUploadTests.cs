using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PolicyEngine.Portal.BrowserTests.Infrastructure;
using PolicyEngine.Portal.Security;
using static Microsoft.Playwright.Assertions;

namespace PolicyEngine.Portal.BrowserTests.Flows;

/// <summary>An auditor uploads a model's predictions as a CSV file and reads the evidence record.</summary>
public sealed class EvidenceUploadTests(BrowserFixture browser, PortalServer portal) : PortalPageTest(browser, portal)
{
    protected override string? Role => PortalRoles.Auditor;

    private const string UploadButton = "Compute and store the evidence";

    /// <summary>The two-class worked example of docs/metrics.md: five samples, all classified correctly.</summary>
    private static string WorkedExamplePath =>
        Path.Combine(AppContext.BaseDirectory, "samples", "predictions", "worked-example.csv");

    [Fact]
    public async Task Upload_WorkedExample_ShowsRecordAndListsIt()
    {
        await Page.GotoAsync("/evidence");
        await Page.GetByLabel("Predictions CSV").SetInputFilesAsync(WorkedExamplePath);
        await Page.GetByRole(AriaRole.Button, new() { Name = UploadButton }).ClickAsync();

        await Expect(Page).ToHaveURLAsync(new Regex("/evidence/ev-[^/?#]+$"));
        var heading = Page.GetByRole(AriaRole.Heading, new() { Name = "Evidence record", Level = 1 });
        await Expect(heading).ToBeVisibleAsync();
        var metrics = Page.GetByRole(AriaRole.Table, new() { Name = "Metrics" });
        await Expect(RowWithHeader(metrics, "Test samples")).ToContainTextAsync("5");
        await Expect(RowWithHeader(metrics, "95% interval of accuracy")).ToContainTextAsync("0.5655 to 1");
        await Expect(Page.GetByRole(AriaRole.Table, new() { Name = "Confusion matrix" })).ToBeVisibleAsync();
        await Expect(Page.GetByText("evaluate-predictions").First).ToBeVisibleAsync();
        await SaveScreenshotAsync("evidence-uploaded");

        string recordPath = new Uri(Page.Url).AbsolutePath;
        string recordId = recordPath["/evidence/".Length..];
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })
            .GetByRole(AriaRole.Link, new() { Name = "Evidence" }).ClickAsync();
        var recordLink = Page.GetByRole(AriaRole.Link, new() { Name = recordId });
        var listed = Page.GetByRole(AriaRole.Row).Filter(new() { Has = recordLink });
        await Expect(listed).ToContainTextAsync("predictions-upload");
        await Expect(listed.GetByRole(AriaRole.Cell, new() { Name = "5", Exact = true })).ToBeVisibleAsync();
        await recordLink.ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex(Regex.Escape(recordPath) + "$"));
    }

    [Fact]
    public async Task Upload_NoFileChosen_ShowsMessageBesideField()
    {
        await Page.GotoAsync("/evidence");
        await Page.GetByRole(AriaRole.Button, new() { Name = UploadButton }).ClickAsync();

        await Expect(UploadField()).ToContainTextAsync("Choose a predictions CSV file to upload.");
        await Expect(Page).ToHaveURLAsync(new Regex("/evidence$"));
    }

    [Fact]
    public async Task Upload_ProbabilityAboveOne_ShowsMessageNamingLine()
    {
        await Page.GotoAsync("/evidence");
        await Page.GetByLabel("Predictions CSV").SetInputFilesAsync(new FilePayload
        {
            Name = "bad-predictions.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("label,p0,p1\n0,0.9,0.1\n1,1.5,-0.5\n"),
        });
        await Page.GetByRole(AriaRole.Button, new() { Name = UploadButton }).ClickAsync();

        await Expect(UploadField()).ToContainTextAsync("line 3: p0 = 1.5 is outside [0, 1]");
        await SaveScreenshotAsync("evidence-rejected-bad-probability");
    }

    private ILocator UploadField() => Page.Locator(".field").Filter(new() { Has = Page.GetByLabel("Predictions CSV") });
}

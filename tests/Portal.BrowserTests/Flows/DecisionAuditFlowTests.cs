using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using PolicyEngine.Portal.BrowserTests.Infrastructure;
using PolicyEngine.Portal.Security;
using static Microsoft.Playwright.Assertions;

namespace PolicyEngine.Portal.BrowserTests.Flows;

/// <summary>
/// An auditor decides a case, reads the decision, finds it in the filtered list, exports the list
/// as CSV and JSON, and checks the audit log. The class has one test, because the audit log counts
/// every decision in the class's portal.
/// </summary>
public sealed class DecisionAuditFlowTests(BrowserFixture browser, PortalServer portal) : PortalPageTest(browser, portal)
{
    protected override string? Role => PortalRoles.Auditor;

    private const string Reference = "BROWSER-AUDIT-1";

    /// <summary>
    /// The expected split of 2,400.00 USD under us-pure with the developer at 60%, the deployer
    /// at 30% and the injured person at 10%.
    /// </summary>
    private static readonly Dictionary<string, decimal> ExpectedAmounts = new()
    {
        ["developer"] = 1440.00m,
        ["deployer"] = 720.00m,
        ["user"] = 0m,
        ["injured-person"] = 240.00m,
    };

    [Fact]
    public async Task DecideAndExport_OneCase_AuditLogVerifies()
    {
        await SubmitCaseAsync();
        await ExpectDecisionPageAsync();

        await MainNavigation("Decisions").ClickAsync();
        await Page.GetByLabel("Case reference contains").FillAsync(Reference);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"/decisions\\?.*reference={Reference}"));
        await Expect(Page.GetByText("1 decision(s) match the filters")).ToBeVisibleAsync();
        var listed = Page.GetByRole(AriaRole.Row).Filter(new()
        {
            Has = Page.GetByRole(AriaRole.Link, new() { Name = Reference, Exact = true }),
        });
        await Expect(listed).ToContainTextAsync("us-pure v1");
        await Expect(listed).ToContainTextAsync("2,400.00 USD");

        string csv = await DownloadAsync("CSV", ".csv");
        ExpectCsvExport(csv);
        string json = await DownloadAsync("JSON", ".json");
        ExpectJsonExport(json);

        await MainNavigation("Audit log").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Audit log", Level = 1 })).ToBeVisibleAsync();
        var chain = Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The chain verifies" });
        await Expect(chain).ToContainTextAsync("The chain verifies: 1 decision(s), each linked to the one before it");
        var signatures = Page.GetByRole(AriaRole.Status).Filter(new() { HasText = "The signatures verify" });
        await Expect(signatures).ToContainTextAsync("1 signed head(s), and the latest one is the last decision, 1.");
        await Expect(Page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await SaveScreenshotAsync("decision-exported-and-audit-log-verified");
    }

    private async Task SubmitCaseAsync()
    {
        await Page.GotoAsync("/cases/new");
        await Page.GetByLabel("Case reference").FillAsync(Reference);
        await Page.GetByLabel("Date of the event").FillAsync("2026-06-15");
        await Page.GetByLabel("Rule set", new() { Exact = true }).SelectOptionAsync("us-pure");
        await Page.GetByLabel("Damage amount").FillAsync("2400.00");
        await Page.GetByLabel("Currency").FillAsync("USD");
        await Page.GetByLabel("Developer's fault (%)").FillAsync("60");
        await Page.GetByLabel("Deployer's fault (%)").FillAsync("30");
        await Page.GetByLabel("Injured person's own fault (%)").FillAsync("10");
        await Page.GetByRole(AriaRole.Button, new() { Name = "Decide the case" }).ClickAsync();
    }

    private async Task ExpectDecisionPageAsync()
    {
        await Expect(Page).ToHaveURLAsync(new Regex("/decisions/dec-[^/?#]+$"));
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = $"Decision for case {Reference}", Level = 1 }))
            .ToBeVisibleAsync();

        var chart = Page.GetByRole(AriaRole.Img, new() { Name = "Shares of the damage" });
        await Expect(chart).ToBeVisibleAsync();
        await Expect(chart).ToHaveAccessibleNameAsync(new Regex(
            @"^Shares of the damage .*developer: 1,440\.00 USD \(60\.00%\); deployer: 720\.00 USD \(30\.00%\)"));

        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Explanation by party" })).ToBeVisibleAsync();
        var developer = Page.GetByRole(AriaRole.Region, new() { Name = "Explanation for the developer" });
        await Expect(developer).ToContainTextAsync("developer: 1,440.00 USD (60.00%)");
        await Expect(developer).ToContainTextAsync("DeveloperLiableForAssessedFault");
        var deployer = Page.GetByRole(AriaRole.Region, new() { Name = "Explanation for the deployer" });
        await Expect(deployer).ToContainTextAsync("deployer: 720.00 USD (30.00%)");
        await Expect(deployer).ToContainTextAsync("DeployerLiableForAssessedFault");
        await SaveScreenshotAsync("decision-with-shares-chart");
    }

    /// <summary>Clicks the export link <paramref name="linkName"/> and returns the downloaded file's text.</summary>
    private async Task<string> DownloadAsync(string linkName, string extension)
    {
        var link = Page.GetByRole(AriaRole.Link, new() { Name = linkName, Exact = true });
        var download = await Page.RunAndWaitForDownloadAsync(() => link.ClickAsync());

        Assert.Null(await download.FailureAsync());
        Assert.EndsWith(extension, download.SuggestedFilename, StringComparison.Ordinal);
        Assert.Contains($"reference={Reference}", download.Url, StringComparison.Ordinal);
        return await File.ReadAllTextAsync(await download.PathAsync());
    }

    private static void ExpectCsvExport(string csv)
    {
        string[] lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        string[] header = lines[0].Split(',');
        string[] row = lines[1].Split(',');
        Assert.Equal(header.Length, row.Length);

        Assert.Equal(Reference, row[Array.IndexOf(header, "reference")]);
        Assert.Equal("us-pure", row[Array.IndexOf(header, "rule_set")]);
        Assert.Equal(2400.00m, ParseAmount(row[Array.IndexOf(header, "damage_amount")]));
        Assert.Equal("USD", row[Array.IndexOf(header, "currency")]);
        foreach (var (party, amount) in ExpectedAmounts)
        {
            string column = party.Replace('-', '_') + "_amount";
            Assert.True(Array.IndexOf(header, column) >= 0, $"The CSV has no column {column}: {lines[0]}");
            Assert.Equal(amount, ParseAmount(row[Array.IndexOf(header, column)]));
        }
    }

    private static void ExpectJsonExport(string json)
    {
        var decisions = JsonNode.Parse(json)!.AsArray();
        var decision = Assert.Single(decisions)!;
        Assert.Equal(Reference, decision["reference"]!.GetValue<string>());
        Assert.Equal("us-pure", decision["ruleSet"]!["name"]!.GetValue<string>());
        Assert.Equal(2400.00m, decision["damage"]!["amount"]!.GetValue<decimal>());
        Assert.Equal("USD", decision["damage"]!["currency"]!.GetValue<string>());
        var amounts = decision["shares"]!.AsArray()
            .ToDictionary(share => share!["party"]!.GetValue<string>(), share => share!["amount"]!.GetValue<decimal>());
        Assert.Equal(ExpectedAmounts, amounts);
    }

    private static decimal ParseAmount(string text) => decimal.Parse(text, CultureInfo.InvariantCulture);

    private ILocator MainNavigation(string linkName) =>
        Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" })
            .GetByRole(AriaRole.Link, new() { Name = linkName, Exact = true });
}

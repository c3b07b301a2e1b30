using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PolicyEngine.Portal.Localization;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Localization;

/// <summary>
/// Opens every page as each role with a Chinese browser, over real stored data, and checks that
/// no text was shown in English for want of a translation, that headings, labels, buttons and
/// table headers contain no untranslated English words, and that no {0} placeholder was left
/// unformatted in either language.
/// </summary>
public sealed partial class AllPagesInChineseTests : IAsyncLifetime
{
    private const string Reference = "ZH-WALK-1";

    // Words that are the same in both languages: names, formats and standards.
    private static readonly HashSet<string> SameInBothLanguages = new(StringComparer.Ordinal)
    {
        "PolicyEngine", "OpenAPI", "JSON", "CSV", "SHA", "IANA", "UTC", "ECDSA", "Bearer", "RulesEngine",
        "Wilson", "Brier", "Fashion", "MNIST", "test", "browser", "regulator", "auditor", "admin",
    };

    private readonly PortalFactory _factory = new();
    private string _decisionId = "";
    private string _evidenceId = "";
    private int _draftVersion;

    public async Task InitializeAsync()
    {
        var auditor = await _factory.CreateApiClientAsync(PortalRoles.Auditor);
        var body = JsonNode.Parse(Samples.ReadCase("hospital-triage-missed-accuracy.json"))!;
        body["reference"] = Reference;
        using var decided = await auditor.PostAsJsonAsync("/api/v1/decisions", body);
        Assert.Equal(HttpStatusCode.Created, decided.StatusCode);
        var decision = JsonNode.Parse(await decided.Content.ReadAsStringAsync())!;
        _decisionId = decision["id"]!.GetValue<string>();
        _evidenceId = decision["evidenceId"]?.GetValue<string>()
            ?? throw new InvalidOperationException("The sample case stored no evidence record.");

        var regulator = await _factory.CreateApiClientAsync(PortalRoles.Regulator);
        _draftVersion = await RuleSetDrafts.CreateAsync(regulator, "eu", 1);
    }

    public Task DisposeAsync()
    {
        _factory.Dispose();
        return Task.CompletedTask;
    }

    private IEnumerable<string> PagesFor(string role) => role switch
    {
        PortalRoles.Auditor =>
        [
            "/", "/profile", "/cases/new", "/decisions", $"/decisions/{_decisionId}",
            $"/decisions?reference={Reference}&party=developer", "/decisions?reference=NOTHING-MATCHES",
            "/evidence", $"/evidence/{_evidenceId}", "/audit", "/access-log",
            "/rulesets", "/rulesets/eu", "/rulesets/eu/versions/1", $"/rulesets/eu/diff?from=1&to={_draftVersion}",
        ],
        PortalRoles.Regulator =>
        [
            "/", "/profile", "/decisions", $"/decisions/{_decisionId}", "/evidence", $"/evidence/{_evidenceId}",
            "/rulesets", "/rulesets/eu", "/rulesets/cn", $"/rulesets/eu/versions/{_draftVersion}",
            $"/rulesets/eu/diff?from=1&to={_draftVersion}",
        ],
        PortalRoles.Admin => ["/", "/profile", "/admin/users", "/admin/api-keys", "/access-log"],
        _ => throw new ArgumentOutOfRangeException(nameof(role)),
    };

    [Theory]
    [InlineData(PortalRoles.Auditor)]
    [InlineData(PortalRoles.Regulator)]
    [InlineData(PortalRoles.Admin)]
    public async Task EveryPage_ChineseBrowser_FullyTranslated(string role)
    {
        var client = await _factory.CreateSignedInClientAsync(role);
        var untranslated = new List<string>();

        foreach (string path in PagesFor(role))
        {
            string page = await GetChineseAsync(client, path, HttpStatusCode.OK);
            untranslated.AddRange(EnglishInInterface(page).Select(text => $"{path}: {text}"));
        }

        Assert.True(untranslated.Count == 0, "English in the interface:\n" + string.Join("\n", untranslated));
        AssertNoMissingTranslations();
    }

    [Theory]
    [InlineData(PortalRoles.Auditor)]
    [InlineData(PortalRoles.Regulator)]
    [InlineData(PortalRoles.Admin)]
    public async Task EveryPage_EnglishBrowser_NoPlaceholderLeft(string role)
    {
        var client = await _factory.CreateSignedInClientAsync(role);

        foreach (string path in PagesFor(role))
        {
            using var response = await client.GetAsync(path);
            string page = await response.Content.ReadAsStringAsync();

            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} returned {(int)response.StatusCode}.");
            Assert.Contains("<html lang=\"en\">", page);
            Assert.DoesNotMatch(Placeholder(), page);
        }
    }

    [Theory]
    [InlineData("/no-such-page", HttpStatusCode.NotFound)]
    [InlineData("/admin/users", HttpStatusCode.Forbidden)]
    public async Task ErrorPage_ChineseBrowser_FullyTranslated(string path, HttpStatusCode status)
    {
        var client = await _factory.CreateSignedInClientAsync(PortalRoles.Auditor);

        string page = await GetChineseAsync(client, path, status);

        Assert.Empty(EnglishInInterface(page));
        AssertNoMissingTranslations();
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/signin")]
    public async Task AnonymousPage_ChineseBrowser_FullyTranslated(string path)
    {
        var client = _factory.CreateClient();

        string page = await GetChineseAsync(client, path, HttpStatusCode.OK);

        Assert.Empty(EnglishInInterface(page));
        AssertNoMissingTranslations();
    }

    private void AssertNoMissingTranslations()
    {
        var missing = _factory.MissingTranslations();
        Assert.True(missing.Count == 0, "No translation:\n" + string.Join("\n", missing));
    }

    private static async Task<string> GetChineseAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd("zh-CN,zh;q=0.9");
        using var response = await client.SendAsync(request);
        string page = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{path} returned {(int)response.StatusCode}.");
        Assert.Contains("<html lang=\"zh-Hans\">", page);
        Assert.DoesNotMatch(Placeholder(), page);
        return page;
    }

    /// <summary>
    /// Returns the texts of headings, labels, buttons, legends, captions and table headers that
    /// still contain an English word of four or more letters. Code and data inside them
    /// (<c>code</c> elements, the case reference) are left out.
    /// </summary>
    private static IEnumerable<string> EnglishInInterface(string page)
    {
        foreach (Match element in InterfaceElement().Matches(page))
        {
            string text = WebUtility.HtmlDecode(Tag().Replace(Code().Replace(element.Groups["text"].Value, " "), " "));
            var english = EnglishWord().Matches(text.Replace(Reference, " "))
                .Select(m => m.Value)
                .Where(word => !SameInBothLanguages.Contains(word))
                .ToList();
            if (english.Count > 0)
            {
                yield return $"<{element.Groups["tag"].Value}> {text.Trim()}";
            }
        }
    }

    [GeneratedRegex(@"<(?<tag>h[1-4]|label|button|legend|caption|th)\b[^>]*>(?<text>.*?)</\k<tag>>", RegexOptions.Singleline)]
    private static partial Regex InterfaceElement();

    /// <summary>A composite-format placeholder such as {0} or {1:N0}, left when a text was not formatted.</summary>
    [GeneratedRegex(@"\{\d+(:[^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"<code\b[^>]*>.*?</code>", RegexOptions.Singleline)]
    private static partial Regex Code();

    [GeneratedRegex(@"<[^>]+>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\b[A-Za-z]{4,}\b")]
    private static partial Regex EnglishWord();
}

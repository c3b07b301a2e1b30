using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using PolicyEngine.Portal.Localization;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Localization;

/// <summary>
/// The rule-set pages, the admin pages, and the rule-set API and API-key messages in Simplified
/// Chinese: each page and each rejected form or request shows Chinese texts, no text of these
/// areas lacks a translation, and API clients that send no Accept-Language still get English.
/// </summary>
public sealed partial class RuleSetPagesInChineseTests : IDisposable
{
    private const string Chinese = "zh-CN";

    /// <summary>Resource names of the texts these pages, services and endpoints look up.</summary>
    private static readonly string[] AreaResources =
    [
        "PolicyEngine.Portal.Pages.RuleSets.",
        "PolicyEngine.Portal.RuleSets.",
        "PolicyEngine.Portal.Api.RuleSet",
        "PolicyEngine.Portal.Pages.Admin.",
        "PolicyEngine.Portal.Security.",
    ];

    private readonly PortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryToken();

    private async Task<HttpClient> SignInChineseAsync(string role)
    {
        var client = await _factory.CreateSignedInClientAsync(role);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(Chinese);
        return client;
    }

    private async Task<HttpClient> ApiClientAsync(string role, string? acceptLanguage)
    {
        var client = await _factory.CreateApiClientAsync(role);
        if (acceptLanguage is not null)
        {
            client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        return client;
    }

    private static async Task<string> GetOkAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path} returned {(int)response.StatusCode}.");
        return await ReadHtmlAsync(response);
    }

    /// <summary>
    /// Reads a page with its character references decoded, because Razor encodes quotes and
    /// markup characters in values (&amp;#x27;).
    /// </summary>
    private static async Task<string> ReadHtmlAsync(HttpResponseMessage response) =>
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    private void AssertNoMissingTranslations() => Assert.Empty(_factory.MissingTranslations(AreaResources));

    [Fact]
    public async Task RuleSetPages_Chinese_AreTranslated()
    {
        var regulator = await SignInChineseAsync(PortalRoles.Regulator);

        string list = await GetOkAsync(regulator, "/rulesets");
        string ruleSet = await GetOkAsync(regulator, "/rulesets/eu");
        string published = await GetOkAsync(regulator, "/rulesets/eu/versions/1");
        string chooseVersions = await GetOkAsync(regulator, "/rulesets/eu/diff");

        Assert.Contains("<html lang=\"zh-Hans\">", list);
        Assert.Contains("<h1>规则集</h1>", list);
        Assert.Contains("没有草稿。", list);
        Assert.Contains("导入为草稿", list);
        Assert.Contains("<h1>规则集 <code>eu</code></h1>", ruleSet);
        Assert.Contains("尚无人在门户中修改过此规则集。请从上方某个版本创建草稿开始。", ruleSet);
        Assert.Contains(">创建草稿</button>", ruleSet);
        Assert.Contains("已发布：已冻结", published);
        Assert.Contains("此版本发布时未附加任何场景。", published);
        Assert.Contains("请选择要比较的两个版本。", chooseVersions);
        AssertNoMissingTranslations();
    }

    [Fact]
    public async Task DraftEditor_Chinese_TranslatesPagesAndMessages()
    {
        var regulator = await SignInChineseAsync(PortalRoles.Regulator);
        var created = await PortalForms.PostAsync(regulator, "/rulesets/eu", "/rulesets/eu?handler=CreateDraft", new() { ["fromVersion"] = "1" });
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        string page = "/rulesets/eu/versions/2";

        string editor = await GetOkAsync(regulator, $"{page}?done=created");
        using var broken = await PortalForms.PostAsync(regulator, page, $"{page}?handler=Save", new() { ["Text"] = "{\n  \"WorkflowName\": \"eu\",\n" });
        using var run = await PortalForms.PostAsync(regulator, page, $"{page}?handler=RunScenarios");
        string diff = await GetOkAsync(regulator, "/rulesets/eu/diff?from=1&to=2");
        string details = await GetOkAsync(regulator, "/rulesets/eu");

        Assert.Contains("草稿已创建。请在下方编辑其内容和场景，然后发布。", editor);
        Assert.Contains(">发布版本 2</button>", editor);
        Assert.Contains("aria-label=\"规则集 JSON\"", editor);
        Assert.Equal(HttpStatusCode.BadRequest, broken.StatusCode);
        string brokenHtml = await ReadHtmlAsync(broken);
        Assert.Contains("版本 2 未保存：内容有", brokenHtml);
        Assert.Contains("个问题</h3>", brokenHtml);
        Assert.Contains("href=\"#content-L", brokenHtml);
        Assert.Contains(">第 ", brokenHtml);
        string runHtml = await ReadHtmlAsync(run);
        Assert.Matches(@"<strong>\d+ 个场景中 \d+ 个通过</strong>，0 个失败，使用版本 2", runHtml);
        Assert.Contains("两个版本的内容相同。", diff);
        Assert.Contains("版本 2（草稿）", diff);
        Assert.Contains("<td>草稿</td>", details);
        Assert.Contains("<td>draft-created</td>", details);
        AssertNoMissingTranslations();
    }

    [Fact]
    public async Task ImportWithoutFile_Chinese_ErrorLinkedToField()
    {
        var regulator = await SignInChineseAsync(PortalRoles.Regulator);
        string list = await GetOkAsync(regulator, "/rulesets");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(AntiforgeryToken().Match(list).Groups[1].Value), "__RequestVerificationToken" },
            { new StringContent(""), "Upload", "empty.json" },
        };

        using var response = await regulator.PostAsync("/rulesets?handler=Import", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        string html = await ReadHtmlAsync(response);
        Assert.Contains("<h2>文件未导入</h2>", html);
        Assert.Contains("<p id=\"import-file-error\">请选择要导入的规则集 JSON 文件；上传的内容为空。</p>", html);
        Assert.Matches("<input id=\"import-file\"[^>]*aria-describedby=\"import-file-error\" aria-invalid=\"true\"", html);
        AssertNoMissingTranslations();
    }

    [Fact]
    public async Task ImportedDraft_Chinese_ShowsEmptyScenariosAndImpact()
    {
        var regulator = await SignInChineseAsync(PortalRoles.Regulator);
        using var api = await ApiClientAsync(PortalRoles.Regulator, null);
        string copy = (await RuleSetDrafts.ExportAsync(api, "eu", 1))
            .Replace("\"WorkflowName\": \"eu\"", "\"WorkflowName\": \"eu-next\"", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Created, (await api.PostAsync("/api/v1/rule-sets/imports", RuleSetDrafts.Json(copy))).StatusCode);
        int draft = await RuleSetDrafts.CreateAsync(api, "eu", 1);
        string euDraft = $"/rulesets/eu/versions/{draft}";

        string imported = await GetOkAsync(regulator, "/rulesets/eu-next/versions/1");
        using var publish = await PortalForms.PostAsync(regulator, "/rulesets/eu-next/versions/1", "/rulesets/eu-next/versions/1?handler=Publish");
        using var impact = await PortalForms.PostAsync(regulator, euDraft, $"{euDraft}?handler=Impact");
        string location = impact.Headers.Location!.OriginalString;
        await ImpactPreviewPolling.WaitAsync(api, location["/rulesets/eu/impact/".Length..]);
        string preview = await GetOkAsync(regulator, location);

        Assert.Contains("此草稿尚未附加任何场景。请在下方粘贴场景文件并保存；没有场景的草稿无法发布。", imported);
        Assert.Equal(HttpStatusCode.Conflict, publish.StatusCode);
        Assert.Contains("版本 1 未发布：版本 1 未附加任何场景。", await ReadHtmlAsync(publish));
        Assert.Contains("<h1>版本 2 对按版本 1 作出的裁决的影响</h1>", preview);
        Assert.Contains("尚无按版本 1 作出的裁决，因此发布此草稿不会改变任何已存储的结果。", preview);
        Assert.Contains("<dt>比较的裁决</dt><dd>0</dd>", preview);
        AssertNoMissingTranslations();
    }

    [Fact]
    public async Task DraftPage_ChineseAuditor_NotAllowed()
    {
        using var api = await ApiClientAsync(PortalRoles.Regulator, null);
        int draft = await RuleSetDrafts.CreateAsync(api, "eu", 1);
        var auditor = await SignInChineseAsync(PortalRoles.Auditor);

        using var response = await auditor.GetAsync($"/rulesets/eu/versions/{draft}");
        string html = await ReadHtmlAsync(response);
        string list = await GetOkAsync(auditor, "/rulesets/eu");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("无权访问", html);
        Assert.DoesNotContain("<textarea", html);
        Assert.DoesNotContain($"href=\"/rulesets/eu/versions/{draft}\"", list);
        AssertNoMissingTranslations();
    }

    [Fact]
    public async Task EditLog_ProfileTimeZone_ShowsLocalTime()
    {
        var regulator = await _factory.CreateSignedInClientAsync(PortalRoles.Regulator);
        using var saved = await PortalForms.PostAsync(regulator, "/profile", "/profile",
            new() { ["Language"] = PortalCultures.SimplifiedChinese, ["TimeZone"] = "Asia/Shanghai" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        await PortalForms.PostAsync(regulator, "/rulesets/eu", "/rulesets/eu?handler=CreateDraft", new() { ["fromVersion"] = "1" });

        string html = await GetOkAsync(regulator, "/rulesets/eu");

        var editLog = Regex.Match(html, "<table aria-label=\"编辑日志\">.*?</table>", RegexOptions.Singleline);
        Assert.True(editLog.Success, "The rule-set page has no edit log in Chinese.");
        Assert.Matches(@"<td><time datetime=""[^""]+Z"">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC\+08:00</time></td>", editLog.Value);
        Assert.Matches(@"<time datetime=""[^""]+Z"">[^<]+UTC\+08:00</time>，由 test-regulator", html);
    }

    [Fact]
    public async Task RuleSetApi_AcceptLanguage_ChoosesLanguage()
    {
        using var english = await ApiClientAsync(PortalRoles.Regulator, null);
        using var chinese = await ApiClientAsync(PortalRoles.Regulator, Chinese);
        int draft = await RuleSetDrafts.CreateAsync(english, "eu", 1);
        string broken = (await RuleSetDrafts.ExportAsync(english, "eu", 1))
            .Replace("\"WorkflowName\": \"eu\"", "\"WorkflowName\": \"other\"", StringComparison.Ordinal);

        using var chineseSave = await RuleSetDrafts.SaveAsync(chinese, "eu", draft, broken);
        using var englishSave = await RuleSetDrafts.SaveAsync(english, "eu", draft, broken);
        using var missing = await chinese.GetAsync("/api/v1/rule-sets/eu/versions/99/export");
        using var badName = await chinese.PostAsync("/api/v1/rule-sets/Not_A_Name/scenario-runs", null);

        Assert.Equal(HttpStatusCode.BadRequest, chineseSave.StatusCode);
        var chineseProblem = JsonNode.Parse(await chineseSave.Content.ReadAsStringAsync())!;
        Assert.Equal("规则集无效。", chineseProblem["title"]!.GetValue<string>());
        Assert.StartsWith($"版本 {draft} 未保存：内容有 ", chineseProblem["detail"]!.GetValue<string>());
        string fieldError = chineseProblem["errors"]!["$.WorkflowName"]![0]!.GetValue<string>();
        Assert.Matches(@"^第 \d+ 行：WorkflowName 为“other”，但这是规则集“eu”的版本。", fieldError);
        var englishProblem = JsonNode.Parse(await englishSave.Content.ReadAsStringAsync())!;
        Assert.Equal("The rule set is invalid.", englishProblem["title"]!.GetValue<string>());
        Assert.Matches(@"^Line \d+: The WorkflowName is 'other'", englishProblem["errors"]!["$.WorkflowName"]![0]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("未找到规则集版本。", JsonNode.Parse(await missing.Content.ReadAsStringAsync())!["title"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, badName.StatusCode);
        var nameProblem = JsonNode.Parse(await badName.Content.ReadAsStringAsync())!;
        Assert.Equal("规则集名称无效。", nameProblem["title"]!.GetValue<string>());
        Assert.StartsWith("“Not_A_Name”不是规则集名称", nameProblem["errors"]!["name"]![0]!.GetValue<string>());
        AssertNoMissingTranslations();
    }

    [Fact]
    public async Task ApiKeyRejected_Chinese_ResponseTranslatedLogEnglish()
    {
        using var client = _factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rule-sets");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "pek_0000000000000000_wrong");
        request.Headers.AcceptLanguage.ParseAdd(Chinese);
        using var anonymous = new HttpRequestMessage(HttpMethod.Get, "/api/v1/rule-sets");

        using var rejected = await client.SendAsync(request);
        using var english = await client.SendAsync(anonymous);

        Assert.Equal(HttpStatusCode.Unauthorized, rejected.StatusCode);
        var problem = JsonNode.Parse(await rejected.Content.ReadAsStringAsync())!;
        Assert.Equal("需要身份验证。", problem["title"]!.GetValue<string>());
        Assert.Equal("API 密钥无效。请检查是否完整复制。", problem["detail"]!.GetValue<string>());
        Assert.Equal("Authentication required.", JsonNode.Parse(await english.Content.ReadAsStringAsync())!["title"]!.GetValue<string>());
        string logged = DatabaseFile.QuerySingle<string>(
            _factory, "SELECT detail FROM access_log WHERE event = @event", new { @event = AccessEvents.ApiKeyRejected });
        Assert.EndsWith("The API key is not valid. Check that it was copied whole.", logged);
        AssertNoMissingTranslations();
    }

    [Fact]
    public async Task SignIn_ChineseWrongPassword_ShowsChinese()
    {
        await _factory.CreateUserAsync("mallory", PortalRoles.Auditor, PortalFactory.TestPassword);
        using var client = _factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd(Chinese);

        using var response = await PortalForms.PostAsync(
            client, "/signin", "/signin", new() { ["Name"] = "mallory", ["Password"] = "not the password" });

        Assert.Contains("用户名或密码错误。", await ReadHtmlAsync(response));
        AssertNoMissingTranslations();
    }

    [Fact]
    public async Task AdminPages_Chinese_EmptyStatesAndFieldErrors()
    {
        var admin = await SignInChineseAsync(PortalRoles.Admin);

        string users = await GetOkAsync(admin, "/admin/users");
        string keys = await GetOkAsync(admin, "/admin/api-keys");
        using var badUser = await PortalForms.PostAsync(admin, "/admin/users", "/admin/users?handler=Create",
            new() { ["Name"] = "bad name!", ["Role"] = "auditor", ["Password"] = "short" });
        using var badKey = await PortalForms.PostAsync(admin, "/admin/api-keys", "/admin/api-keys?handler=Create",
            new() { ["Description"] = "", ["Role"] = "owner", ["ExpiresInDays"] = "0" });
        using var goodKey = await PortalForms.PostAsync(admin, "/admin/api-keys", "/admin/api-keys?handler=Create",
            new() { ["Description"] = "nightly export", ["Role"] = "auditor", ["ExpiresInDays"] = "30" });

        Assert.Contains("目前只有您一个用户。", users);
        Assert.Contains("<td>管理员</td>", users);
        Assert.Contains("<option value=\"regulator\">监管者</option>", users);
        Assert.Contains("尚无 API 密钥。", keys);
        string badUserHtml = await ReadHtmlAsync(badUser);
        Assert.Contains("id=\"Name-error\">用户名“bad name!”无效", badUserHtml);
        Assert.Contains("id=\"Password-error\">密码只有 5 个字符：请至少使用 12 个字符。", badUserHtml);
        Assert.Matches("<input[^>]*aria-describedby=\"Password-error\"[^>]*aria-invalid=\"true\"", badUserHtml);
        string badKeyHtml = await ReadHtmlAsync(badKey);
        Assert.Contains("id=\"Description-error\">请用 1 到 100 个字符说明由谁使用此密钥。", badKeyHtml);
        Assert.Contains("id=\"Role-error\">角色“owner”无法识别", badKeyHtml);
        Assert.Contains("id=\"ExpiresInDays-error\">有效期“0”无效", badKeyHtml);
        string goodKeyHtml = await ReadHtmlAsync(goodKey);
        Assert.Contains("<td>审计员</td>", goodKeyHtml);
        Assert.Contains("<td>有效</td>", goodKeyHtml);
        Assert.Contains(">从未使用</td>", goodKeyHtml);
        AssertNoMissingTranslations();
    }
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using PolicyEngine.Portal.Localization;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Localization;

/// <summary>
/// The home, sign-in, error, case, decision, evidence, audit and access-log pages and their API
/// messages in Simplified Chinese, with times and date filters in the user's time zone.
/// </summary>
public sealed class DecisionPagesInChineseTests : IAsyncLifetime, IDisposable
{
    private const string PredictionsCsv = """
        label,p0,p1,p2
        0,0.7,0.2,0.1
        1,0.1,0.8,0.1
        2,0.2,0.5,0.3
        0,0.6,0.3,0.1

        """;

    /// <summary>Parts of the resource names this area owns, as MissingTranslations records them.</summary>
    private static readonly string[] AreaResources =
    [
        "Pages.Index", "Pages.SignIn", "Pages.SignOut", "Pages.Error", "Pages.AccessLog", "Pages.Cases.",
        "Pages.Decisions.", "Pages.Evidence.", "Pages.Audit.", "Portal.Charts.", "Portal.Decisions.",
        "Storage.ChainWalk", "Storage.ChainHeadRepository", "Api.DecisionEndpoints", "Api.DecisionExportEndpoints", "Api.EvidenceEndpoints",
        "Api.JsonBodyReader", "Api.Paging",
    ];

    private readonly PortalFactory _factory = new();
    private HttpClient _auditor = null!;
    private HttpClient _api = null!;

    public async Task InitializeAsync()
    {
        _auditor = await _factory.CreateSignedInClientAsync(PortalRoles.Auditor);
        _api = await _factory.CreateApiClientAsync(PortalRoles.Auditor);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();

    private async Task SetProfileAsync(string language, string timeZone)
    {
        using var saved = await PortalForms.PostAsync(_auditor, "/profile", "/profile",
            new() { ["Language"] = language, ["TimeZone"] = timeZone });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
    }

    private async Task<string> DecideAsync(string reference, string sample = "hospital-triage-missed-accuracy.json")
    {
        var body = JsonNode.Parse(Samples.ReadCase(sample))!;
        body["reference"] = reference;
        using var response = await _api.PostAsync(
            "/api/v1/decisions", new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    private async Task<string> StorePredictionsAsync()
    {
        using var response = await _api.PostAsync(
            "/api/v1/evidence/predictions", new StringContent(PredictionsCsv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
    }

    private async Task<string> GetAsync(HttpClient client, string path, string? acceptLanguage = "zh-CN")
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (acceptLanguage is not null)
        {
            request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        }

        using var response = await client.SendAsync(request);
        return Decoded(await response.Content.ReadAsStringAsync());
    }

    /// <summary>Razor encodes quotes and markup characters in values (&amp;#x27;), so pages are compared decoded.</summary>
    private static string Decoded(string html) => WebUtility.HtmlDecode(html);

    private List<string> AreaMisses() => _factory.MissingTranslations(AreaResources);

    [Fact]
    public async Task Pages_ChineseProfile_ShownInChineseWithoutMisses()
    {
        await SetProfileAsync(PortalCultures.SimplifiedChinese, "Asia/Shanghai");
        string decisionId = await DecideAsync("ZH-001");
        string evidenceId = await StorePredictionsAsync();
        var anonymous = _factory.CreateClient();

        string home = await GetAsync(anonymous, "/");
        string signIn = await GetAsync(anonymous, "/signin");
        string notFound = await GetAsync(_auditor, "/no-such-page", "en-GB");
        string newCase = await GetAsync(_auditor, "/cases/new", "en-GB");
        string list = await GetAsync(_auditor, "/decisions", "en-GB");
        string details = await GetAsync(_auditor, $"/decisions/{decisionId}", "en-GB");
        string evidenceList = await GetAsync(_auditor, "/evidence", "en-GB");
        string evidence = await GetAsync(_auditor, $"/evidence/{evidenceId}", "en-GB");
        string audit = await GetAsync(_auditor, "/audit", "en-GB");
        string accessLog = await GetAsync(_auditor, "/access-log", "en-GB");
        string signOut = await GetAsync(_auditor, "/signout", "en-GB");

        Assert.Contains("<h2>规则集</h2>", home);
        Assert.Contains("<a href=\"/signin\">登录</a>后即可查看裁决和证据", home);
        Assert.Contains("<h1>登录</h1>", signIn);
        Assert.Contains("<h1>页面不存在</h1>", notFound);
        Assert.Contains("<legend>关于模型的证据</legend>", newCase);
        Assert.Contains(">损害金额</label>", newCase);
        Assert.Contains("<h1>裁决</h1>", list);
        Assert.Contains("裁决日期自（Asia/Shanghai 时区的日期）", list);
        Assert.Contains("导出文件供程序处理", list);
        Assert.Contains("<h1>案件 ZH-001 的裁决</h1>", details);
        Assert.Contains("<h2>份额</h2>", details);
        Assert.Contains("<title id=\"shares-chart-title\">损害份额</title>", details);
        Assert.Contains("UTC+08:00</time>", details);
        Assert.Contains("<h2>已存储的记录</h2>", evidenceList);
        Assert.Contains("<h2>校准区间</h2>", evidence);
        Assert.Contains("可靠性图：准确率与置信度的关系", evidence);
        Assert.Contains("混淆矩阵热图", evidence);
        Assert.Contains("<strong>哈希链验证通过：</strong>共 1 项裁决", audit);
        Assert.Contains("<h1>访问日志</h1>", accessLog);
        Assert.Contains("UTC+08:00</time>", accessLog);
        Assert.Contains("<h1>退出登录</h1>", signOut);
        Assert.Empty(AreaMisses());
    }

    [Fact]
    public async Task Forms_BadInputInChinese_MessagesBesideFields()
    {
        await SetProfileAsync(PortalCultures.SimplifiedChinese, "UTC");
        string decisionId = await DecideAsync("ZH-002");

        using var caseResponse = await PortalForms.PostAsync(_auditor, "/cases/new", "/cases/new", new()
        {
            ["Form.Reference"] = "ZH-BAD",
            ["Form.EventDate"] = "2026-02-01",
            ["Form.RuleSet"] = "eu",
            ["Form.RuleSetVersion"] = "v2",
            ["Form.DamageAmount"] = "12,5x",
            ["Form.Currency"] = "EUR",
            ["Form.DamageKind"] = "personal-injury",
        });
        string casePage = Decoded(await caseResponse.Content.ReadAsStringAsync());
        string filters = await GetAsync(_auditor, "/decisions?version=two&from=2026-13-01", "en-GB");
        using var reEvaluated = await PortalForms.PostAsync(
            _auditor, $"/decisions/{decisionId}", $"/decisions/{decisionId}?handler=ReEvaluate", new());
        string reEvaluation = Decoded(await reEvaluated.Content.ReadAsStringAsync());
        var anonymous = _factory.CreateClient();
        anonymous.DefaultRequestHeaders.AcceptLanguage.ParseAdd("zh-CN");
        using var signIn = await PortalForms.PostAsync(anonymous, "/signin", "/signin", new() { ["Name"] = "", ["Password"] = "" });
        string signInPage = Decoded(await signIn.Content.ReadAsStringAsync());

        Assert.Contains("<h2>案件未获裁决</h2>", casePage);
        Assert.Contains("“12,5x”不是形如 1250.50 的数字；请使用小数点作为小数分隔符", casePage);
        Assert.Contains("“v2”不是形如 10000 的整数。", casePage);
        Assert.Contains("<h2>筛选条件无效</h2>", filters);
        Assert.Contains("<span id=\"version-error\" class=\"field-error\">“two”不是版本号", filters);
        Assert.Contains("<span id=\"from-error\" class=\"field-error\">“2026-13-01”不是日期", filters);
        Assert.Matches("<input id=\"version\"[^>]*aria-describedby=\"version-error\" aria-invalid=\"true\"", filters);
        Assert.DoesNotMatch("<input id=\"reference\"[^>]*aria-invalid", filters);
        Assert.Contains("<strong>完全一致：</strong>", reEvaluation);
        Assert.Contains("请输入用户名。", signInPage);
        Assert.Contains("请输入密码。", signInPage);
        Assert.Empty(AreaMisses());
    }

    [Fact]
    public async Task EmptyLists_Chinese_SayWhatToDoNext()
    {
        await SetProfileAsync(PortalCultures.SimplifiedChinese, "UTC");

        string decisions = await GetAsync(_auditor, "/decisions", "en-GB");
        string filtered = await GetAsync(_auditor, "/decisions?reference=nothing", "en-GB");
        string evidence = await GetAsync(_auditor, "/evidence", "en-GB");
        string audit = await GetAsync(_auditor, "/audit", "en-GB");
        string accessLog = await GetAsync(_auditor, "/access-log?event=export", "en-GB");

        Assert.Contains("此页没有裁决。<a href=\"/cases/new\">录入案件</a>", decisions);
        Assert.Contains("没有符合这些筛选条件的裁决。", filtered);
        Assert.Contains("尚未存储任何证据记录。请在上方上传预测结果 CSV", evidence);
        Assert.Contains("尚未存储任何裁决。<a href=\"/cases/new\">录入案件</a>", audit);
        Assert.Contains("没有 <code>export</code> 事件的记录。", accessLog);
        Assert.DoesNotContain("<table>", decisions);
        Assert.Empty(AreaMisses());
    }

    [Fact]
    public async Task Audit_BrokenChainInChinese_NamesDecision()
    {
        await SetProfileAsync(PortalCultures.SimplifiedChinese, "UTC");
        for (int index = 1; index <= 4; index++)
        {
            await DecideAsync($"AUDIT-{index}");
        }

        // Someone with write access to the file removes decision 2 and the last one.
        DatabaseFile.Execute(_factory, "DROP TRIGGER decisions_no_delete");
        DatabaseFile.Execute(_factory, "DELETE FROM decisions WHERE sequence IN (2, 4)");
        string audit = await GetAsync(_auditor, "/audit", "en-GB");

        Assert.Contains("<h2>哈希链在第 3 项裁决处断开</h2>", audit);
        Assert.Contains("<p>第 2 项裁决缺失：第 3 项裁决紧接在第 1 项裁决之后。</p>", audit);
        Assert.Contains("<h2>已签名的链头验证未通过</h2>", audit);
        Assert.Contains("哈希链止于第 3 项裁决，但有一个已签名的链头记录了第 4 项裁决：第 4 项裁决已被删除。", audit);
        Assert.Empty(AreaMisses());
    }

    [Fact]
    public async Task EmptyLists_English_KeepTheirWording()
    {
        string decisions = await GetAsync(_auditor, "/decisions", null);
        string evidence = await GetAsync(_auditor, "/evidence", null);

        Assert.Contains("No decisions on this page. <a href=\"/cases/new\">Enter a case</a> to make one.", decisions);
        Assert.Contains("No evidence records are stored yet.", evidence);
        Assert.Contains("Decided from (day in UTC)", decisions);
    }

    [Theory]
    [InlineData("Asia/Shanghai", "2026-03-02", "2026-03-01T16:00:00Z", "2026-03-02T16:00:00Z")]
    [InlineData("Pacific/Auckland", "2026-03-02", "2026-03-01T11:00:00Z", "2026-03-02T11:00:00Z")]
    [InlineData("Pacific/Auckland", "2026-04-05", "2026-04-04T11:00:00Z", "2026-04-05T12:00:00Z")]
    [InlineData("UTC", "2026-03-02", "2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z")]
    public void DateFilter_ProfileZone_BoundsAreLocalMidnights(string zone, string day, string start, string end)
    {
        // The decision time is set by the clock and the log is append-only, so the bounds are
        // checked here and the page test below covers a real decision.
        var parser = Parser(zone);
        var errors = new Dictionary<string, string[]>();

        var filter = parser.Parse(new PolicyEngine.Portal.Decisions.DecisionFilterQuery(From: day, To: day), errors);

        Assert.Empty(errors);
        Assert.Equal(DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), filter!.CreatedFrom);
        Assert.Equal(DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture), filter.CreatedBefore);
    }

    [Theory]
    [InlineData("Asia/Shanghai")]
    [InlineData("Pacific/Auckland")]
    public async Task DateFilter_ProfileZone_ListsDecisionOnLocalDay(string zone)
    {
        await SetProfileAsync(PortalCultures.English, zone);
        await DecideAsync("TODAY");
        var now = DateTimeOffset.UtcNow;
        string localDay = TimeZoneInfo.ConvertTime(now, UserTime.Resolve(zone)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        string otherDay = TimeZoneInfo.ConvertTime(now, UserTime.Resolve(zone)).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        string sameDay = await GetAsync(_auditor, $"/decisions?from={localDay}&to={localDay}", null);
        string dayBefore = await GetAsync(_auditor, $"/decisions?from={otherDay}&to={otherDay}", null);

        Assert.Contains(">TODAY</a>", sameDay);
        Assert.Contains($"Decided from (day in {zone})", sameDay);
        Assert.DoesNotContain(">TODAY</a>", dayBefore);
    }

    [Fact]
    public async Task Export_ChineseProfile_KeepsUtcAndEnglishColumns()
    {
        await SetProfileAsync(PortalCultures.SimplifiedChinese, "Asia/Shanghai");
        await DecideAsync("EXPORT-1");

        string csv = await GetAsync(_auditor, "/decisions/export.csv", "zh-CN");

        Assert.StartsWith("sequence,", csv);
        Assert.Matches(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}\+00:00", csv);
    }

    private PolicyEngine.Portal.Decisions.DecisionFilterParser Parser(string zone)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        SignedInUser.Set(context, new PolicyEngine.Portal.Storage.UserRecord(
            "zone-user", PortalRoles.Auditor, "", false, 0, null, DateTimeOffset.UnixEpoch, "test", TimeZone: zone));
        var time = new UserTime(new Microsoft.AspNetCore.Http.HttpContextAccessor { HttpContext = context }, TimeProvider.System);
        var text = _factory.Services.GetRequiredService<Microsoft.Extensions.Localization.IStringLocalizer<PolicyEngine.Portal.Decisions.DecisionFilterParser>>();
        return new PolicyEngine.Portal.Decisions.DecisionFilterParser(text, time);
    }

    [Fact]
    public async Task Api_AcceptLanguage_ChoosesMessageLanguage()
    {
        var chinese = JsonNode.Parse(await GetAsync(_api, "/api/v1/decisions?page=0&version=x", "zh-CN"))!;
        var english = JsonNode.Parse(await GetAsync(_api, "/api/v1/decisions?page=0&version=x", null))!;
        var missing = JsonNode.Parse(await GetAsync(_api, "/api/v1/evidence/ev-none", "zh-CN"))!;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/decisions")
        {
            Content = new StringContent("{\"reference\": 5}", Encoding.UTF8, "application/json"),
        };
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        using var response = await _api.SendAsync(request);
        var badBody = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal("page 必须是大于或等于 1 的整数；收到的是“0”。", chinese["errors"]!["page"]![0]!.GetValue<string>());
        Assert.Equal("一个或多个字段未通过验证。", chinese["title"]!.GetValue<string>());
        Assert.Equal("page must be a whole number 1 or more; got '0'.", english["errors"]!["page"]![0]!.GetValue<string>());
        Assert.Equal("未找到证据。", missing["title"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("无法读取该案件。", badBody["title"]!.GetValue<string>());
        Assert.StartsWith("reference 必须是由有效 Unicode 文本组成的 JSON 字符串", badBody["errors"]!["reference"]![0]!.GetValue<string>());
        Assert.Empty(AreaMisses());
    }

}

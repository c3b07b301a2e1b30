using System.Globalization;
using System.Text.RegularExpressions;
using PolicyEngine.Engine.Documents;
using PolicyEngine.Engine.Localization;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Engine.Tests.Localization;

/// <summary>
/// Checks that every Engine message has a Simplified Chinese translation that keeps its
/// placeholders, and that messages come out in the language of the current UI culture.
/// </summary>
public sealed partial class EngineTextTests
{
    private const string ChineseFile = "EngineMessages.zh-Hans.resx";

    private const string SchemaTextFile = "RuleSetSchemaText.zh-Hans.resx";

    /// <summary>
    /// Placeholders that must survive translation: composite format items such as {0} or {1:N0},
    /// FluentValidation's {PropertyValue}, and its escaped form {{PropertyValue}} in format strings.
    /// </summary>
    [GeneratedRegex(@"\{\{[A-Za-z]+\}\}|\{\d+(,-?\d+)?(:[^{}]*)?\}|\{[A-Za-z]+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}")]
    private static partial Regex ChineseCharacter();

    [Fact]
    public void SourceKeys_AreStringLiterals()
    {
        var (_, nonLiteral) = MessageKeySource.Scan();

        Assert.Empty(nonLiteral);
    }

    [Fact]
    public void SourceKeys_AllHaveChineseEntry()
    {
        var (keys, _) = MessageKeySource.Scan();
        var chinese = MessageKeySource.ReadResx(ChineseFile);

        var missing = keys.Where(k => !chinese.ContainsKey(k.Text)).Select(k => $"{k.File}: {k.Text}").Distinct().ToList();

        Assert.NotEmpty(keys);
        Assert.Empty(missing);
    }

    [Fact]
    public void ChineseEntries_AreAllUsedInSource()
    {
        var keys = MessageKeySource.Scan().Keys.Select(k => k.Text).ToHashSet(StringComparer.Ordinal);
        var chinese = MessageKeySource.ReadResx(ChineseFile);

        var stale = chinese.Keys.Where(k => !keys.Contains(k)).ToList();

        Assert.Empty(stale);
    }

    /// <summary>
    /// The resource compiler compares names without regard to letter case and keeps only the first
    /// of two that differ only in case, so the second message would silently stay English. Checks
    /// every .resx file of the Engine, the ML module and the Portal.
    /// </summary>
    [Fact]
    public void ResxNames_DifferInMoreThanLetterCase()
    {
        string root = Path.GetFullPath(Path.Combine(MessageKeySource.EngineFolder, ".."));
        var files = Directory.GetFiles(Path.Combine(root, "Engine", "Resources"), "*.resx")
            .Concat(Directory.GetFiles(Path.Combine(root, "Ml", "Resources"), "*.resx"))
            .Concat(Directory.GetFiles(Path.Combine(root, "Portal", "Resources"), "*.resx", SearchOption.AllDirectories))
            .ToList();

        var clashes = files
            .SelectMany(file => System.Xml.Linq.XDocument.Load(file).Root!.Elements("data")
                .Select(d => (string)d.Attribute("name")!)
                .GroupBy(name => name, StringComparer.OrdinalIgnoreCase)
                .Where(group => group.Count() > 1)
                .Select(group => $"{Path.GetRelativePath(root, file)}: {string.Join(" / ", group)}"))
            .ToList();

        Assert.True(files.Count > 10, $"Only {files.Count} .resx files found under {root}.");
        Assert.Empty(clashes);
    }

    [Fact]
    public void NeutralResx_HasNoEntries()
    {
        Assert.Empty(MessageKeySource.ReadResx("EngineMessages.resx"));
    }

    [Fact]
    public void ChineseEntries_KeepPlaceholdersOfTheirKey()
    {
        var chinese = MessageKeySource.ReadResx(ChineseFile);

        var differing = chinese
            .Where(entry => !Placeholders(entry.Key).SequenceEqual(Placeholders(entry.Value)))
            .Select(entry => $"{entry.Key} => {entry.Value}")
            .ToList();

        Assert.Empty(differing);
    }

    [Fact]
    public void ChineseEntries_AreTranslated()
    {
        var chinese = MessageKeySource.ReadResx(ChineseFile);

        // A key of placeholders and punctuation alone, such as the sentence separator "{0} {1}", has no words to translate.
        var untranslated = chinese
            .Where(entry => Placeholder().Replace(entry.Key, "").Any(char.IsLetter))
            .Where(entry => !ChineseCharacter().IsMatch(entry.Value))
            .Select(entry => entry.Key)
            .ToList();

        Assert.Empty(untranslated);
    }

    [Fact]
    public void FormatKeys_ParseInBothLanguages()
    {
        var chinese = MessageKeySource.ReadResx(ChineseFile);
        var formatKeys = MessageKeySource.Scan().Keys.Where(k => k.Method == "Format").Select(k => k.Text).Distinct();
        object[] arguments = Enumerable.Range(0, 10).Select(i => (object)i).ToArray();

        foreach (string key in formatKeys)
        {
            string english = string.Format(CultureInfo.InvariantCulture, key, arguments);
            string translated = string.Format(CultureInfo.InvariantCulture, chinese[key], arguments);

            Assert.False(string.IsNullOrEmpty(english), key);
            Assert.False(string.IsNullOrEmpty(translated), key);
        }
    }

    [Fact]
    public void SchemaDescriptions_AllHaveChineseEntry()
    {
        var chinese = MessageKeySource.ReadResx(SchemaTextFile);

        var missing = MessageKeySource.ReadSchemaDescriptions().Where(d => !chinese.ContainsKey(d)).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void SchemaTextEntries_AreSchemaDescriptions()
    {
        var descriptions = MessageKeySource.ReadSchemaDescriptions().ToHashSet(StringComparer.Ordinal);
        var chinese = MessageKeySource.ReadResx(SchemaTextFile);

        var stale = chinese.Keys.Where(k => !descriptions.Contains(k)).ToList();
        var untranslated = chinese.Where(entry => !ChineseCharacter().IsMatch(entry.Value)).Select(entry => entry.Key).ToList();

        Assert.Empty(stale);
        Assert.Empty(untranslated);
        Assert.Empty(MessageKeySource.ReadResx("RuleSetSchemaText.resx"));
    }

    [Fact]
    public void SchemaProblem_UnderZhCN_QuotesChineseDescription()
    {
        using var culture = new UiCulture("zh-CN");
        string json = """{ "WorkflowName": "test", "AppliesFrom": "2020-01-01" }""";

        var error = Assert.Throws<RuleSetException>(() => RuleSetParser.Parse(json));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("$.Rules", problem.Path);
        Assert.Equal("缺少 Rules。顶层规则，1 到 200 条。每条触发的顶层规则作出一项认定。", problem.Message);
    }

    [Fact]
    public void SatelliteAssembly_IsCopiedToOutput()
    {
        string satellite = Path.Combine(AppContext.BaseDirectory, "zh-Hans", "PolicyEngine.Engine.resources.dll");

        Assert.True(File.Exists(satellite), satellite);
    }

    [Fact]
    public void CaseValidator_InChinese_KeepsValueAndField()
    {
        using var culture = new UiCulture("zh-Hans");

        var errors = new CaseDocumentValidator().Validate(BadCase()).Errors.ToDictionary(e => e.PropertyName, e => e.ErrorMessage);

        Assert.Equal("damage.amount 必须大于或等于 0；实际为 -5。", errors["damage.amount"]);
        Assert.Contains("“eur”", errors["damage.currency"]);
        Assert.Contains("不是 ISO 4217 币种代码", errors["damage.currency"]);
        Assert.Contains("developer.faultPercent", errors["developer.faultPercent"]);
        Assert.Contains("150", errors["developer.faultPercent"]);
        Assert.Contains("百分比", errors["developer.faultPercent"]);
        Assert.Contains("2250-01-01", errors["eventDate"]);
        Assert.Contains("请检查年份", errors["eventDate"]);
    }

    [Fact]
    public void CaseValidator_InEnglish_IsUnchanged()
    {
        using var culture = new UiCulture("en-US");

        var errors = new CaseDocumentValidator().Validate(BadCase()).Errors.ToDictionary(e => e.PropertyName, e => e.ErrorMessage);

        Assert.Equal("damage.amount must be 0 or more; got -5.", errors["damage.amount"]);
        Assert.Equal(
            "damage.currency 'eur' is not an ISO 4217 currency code; use an upper-case code such as EUR, USD or CNY.",
            errors["damage.currency"]);
        Assert.Equal("developer.faultPercent must be a percentage from 0 to 100; got 150.", errors["developer.faultPercent"]);
        Assert.Equal("eventDate 2250-01-01 is outside 1950-01-01 to 2199-12-31; check the year.", errors["eventDate"]);
    }

    [Fact]
    public void CaseValidator_SameInstance_FollowsEachCallsCulture()
    {
        var validator = new CaseDocumentValidator();
        string chinese;
        string english;

        using (new UiCulture("zh-Hans"))
        {
            chinese = validator.Validate(BadCase()).Errors.First(e => e.PropertyName == "damage.amount").ErrorMessage;
        }

        using (new UiCulture("en"))
        {
            english = validator.Validate(BadCase()).Errors.First(e => e.PropertyName == "damage.amount").ErrorMessage;
        }

        Assert.Equal("damage.amount 必须大于或等于 0；实际为 -5。", chinese);
        Assert.Equal("damage.amount must be 0 or more; got -5.", english);
    }

    [Fact]
    public void Format_UsesInvariantNumbers()
    {
        using var culture = new UiCulture("zh-CN", formattingCulture: "de-DE");

        string message = EngineText.Format(
            "damage.amount {0} has more decimal places than {1} has ({2}); round it to the currency's minor unit.", 1250.505m, "EUR", 2);

        Assert.Equal("damage.amount 1250.505 的小数位数超过了 EUR 的小数位数（2）；请按该币种的最小单位取整。", message);
    }

    [Fact]
    public void RuleSetParser_UnderZhCN_IsChinese()
    {
        using var culture = new UiCulture("zh-CN");
        string json = RuleSetFiles.OneRule("facts.User.Misuse", party: "bystander");

        var error = Assert.Throws<RuleSetException>(() => RuleSetParser.Parse(json));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("$.Rules[0].Properties.party", problem.Path);
        Assert.Equal("'bystander' 不是有效的 party；请使用 developer, deployer, user, injured-person 之一。", problem.Message);
    }

    [Fact]
    public void RuleSetParser_DatesOutOfOrder_UnderZhCN_IsChinese()
    {
        using var culture = new UiCulture("zh-CN");
        string json = RuleSetFiles.OneRule("facts.User.Misuse")
            .Replace("\"AppliesFrom\": \"2020-01-01\"", "\"AppliesFrom\": \"2020-01-01\", \"AppliesUntil\": \"2019-12-31\"");

        var error = Assert.Throws<RuleSetException>(() => RuleSetParser.Parse(json));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("$.AppliesUntil", problem.Path);
        Assert.Equal(
            "AppliesUntil 2019-12-31 早于 AppliesFrom 2020-01-01；请填写该版本适用的最后一天（不早于 AppliesFrom），或省略 AppliesUntil。",
            problem.Message);
    }

    [Fact]
    public void ExpressionCheck_UnderZhCN_IsChinese()
    {
        using var culture = new UiCulture("zh-CN");
        string json = RuleSetFiles.OneRule("facts.User.Misuse and true");

        var error = Assert.Throws<RuleSetException>(() => new LiabilityEngine().Compile(json));

        var problem = Assert.Single(error.Problems);
        Assert.Equal("$.Rules[0].Expression", problem.Path);
        Assert.Equal("“and”（位置 18）不是规则语言的运算符；请使用 &&。", problem.Message);
    }

    [Fact]
    public void ExpressionCheck_UnderZhTW_StaysEnglish()
    {
        using var culture = new UiCulture("zh-TW");
        string json = RuleSetFiles.OneRule("facts.User.Misuse and true");

        var error = Assert.Throws<RuleSetException>(() => new LiabilityEngine().Compile(json));

        Assert.Equal("'and' (at position 18) is not an operator of the rule language; use &&.", Assert.Single(error.Problems).Message);
    }

    private static CaseDocument BadCase() => new()
    {
        Reference = "case-1",
        EventDate = new DateOnly(2250, 1, 1),
        RuleSet = "eu",
        Damage = new DamageDocument { Amount = -5m, Currency = "eur", Kind = "property" },
        Developer = new DeveloperDocument { FaultPercent = 150m },
    };

    private static List<string> Placeholders(string text) =>
        Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal).ToList();
}

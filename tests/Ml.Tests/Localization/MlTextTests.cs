using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using PolicyEngine.Ml.Metrics;

namespace PolicyEngine.Ml.Tests.Localization;

/// <summary>
/// The messages that explain why a predictions file was rejected have a Simplified Chinese
/// translation, which keeps their placeholders, and come out in the current UI culture.
/// </summary>
public sealed partial class MlTextTests
{
    private static readonly string MlFolder = typeof(MlTextTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "MlFolder").Value!;

    /// <summary>A call with its first argument: one string literal, or literals joined with +.</summary>
    [GeneratedRegex(@"MlText\.(?:Get|Format)\(\s*(?<key>""(?:[^""\\]|\\.)*""(?:\s*\+\s*""(?:[^""\\]|\\.)*"")*)")]
    private static partial Regex Call();

    [GeneratedRegex(@"""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Literal();

    [GeneratedRegex(@"\{\d+(:[^{}]*)?\}")]
    private static partial Regex Placeholder();

    private static List<string> SourceKeys() =>
        Directory.GetFiles(MlFolder, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .SelectMany(file => Call().Matches(File.ReadAllText(file)))
            .Select(call => string.Concat(Literal().Matches(call.Groups["key"].Value)
                .Select(literal => Regex.Unescape(literal.Groups[1].Value))))
            .Distinct()
            .ToList();

    private static Dictionary<string, string> Chinese() =>
        XDocument.Load(Path.Combine(MlFolder, "Resources", "MlMessages.zh-Hans.resx")).Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!, StringComparer.Ordinal);

    [Fact]
    public void SourceKeys_EachHasChineseEntryWithSamePlaceholders()
    {
        var keys = SourceKeys();
        var chinese = Chinese();

        var problems = keys
            .Where(key => !chinese.TryGetValue(key, out string? value)
                || !Placeholder().Matches(key).Select(m => m.Value).Order()
                    .SequenceEqual(Placeholder().Matches(value).Select(m => m.Value).Order()))
            .ToList();

        Assert.True(keys.Count >= 15, $"Only {keys.Count} keys found in the sources.");
        Assert.Empty(problems);
        Assert.Empty(chinese.Keys.Except(keys));
    }

    [Fact]
    public void RejectedFile_ChineseUiCulture_ExplainsInChinese()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.GetCultureInfo("zh-CN");

            var error = Assert.Throws<PredictionsCsvException>(() => PredictionsCsv.Read(
                new MemoryStream(Encoding.UTF8.GetBytes("label,p0,p1\n0,0.5,0.5\n2,abc,0.5\n")), "bad.csv"));

            Assert.StartsWith("预测文件“bad.csv”被拒绝：2 个样本行中有 1 行无效。 无效行：", error.Message);
            Assert.Contains("第 3 行：标签 2 超出类别 0 到 1 的范围, p0“abc”不是数字", error.Message);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    [Fact]
    public void RejectedFile_InvariantUiCulture_ExplainsInEnglish()
    {
        var previous = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;

            var error = Assert.Throws<PredictionsCsvException>(() => PredictionsCsv.Read(
                new MemoryStream(Encoding.UTF8.GetBytes("label,p0,p1\n")), "empty.csv"));

            Assert.Equal(
                "The predictions file 'empty.csv' was rejected: the file has a header but no sample rows. Add one line per test sample.",
                error.Message);
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Engine.Tests;

/// <summary>
/// Checks schemas/rule-set.schema.json, as embedded in the engine, against the default rule sets,
/// its own example and rule sets with one fault each, and the messages the engine makes of its
/// failures.
/// </summary>
public sealed class RuleSetSchemaTests
{
    private const string FirstRule = "DeveloperProductDefectiveForMissedAccuracy";

    private static readonly string SchemaFile = Path.Combine(AppContext.BaseDirectory, "schemas", "rule-set.schema.json");

    public static TheoryData<string> DefaultRuleSets() => ["eu", "cn", "us-pure", "us-modified-51"];

    [Theory]
    [MemberData(nameof(DefaultRuleSets))]
    public void DefaultRuleSet_ValidatesAgainstSchema(string name)
    {
        using var document = JsonDocument.Parse(RuleSetFiles.Read(name));

        var problems = RuleSetSchema.Validate(document.RootElement);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void SchemaExample_ValidatesAgainstSchema()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaFile));
        var examples = schema.RootElement.GetProperty("examples").EnumerateArray().ToList();

        Assert.NotEmpty(examples);
        foreach (var example in examples)
        {
            var problems = RuleSetSchema.Validate(example);
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        }
    }

    [Fact]
    public void EmbeddedSchema_IsSchemaFile()
    {
        byte[] file = File.ReadAllBytes(SchemaFile);

        byte[] embedded = RuleSetSchema.ReadSchemaBytes();

        Assert.Equal(file, embedded);
    }

    [Fact]
    public void Schema_ValidatesAgainstDraft202012MetaSchema()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(SchemaFile));

        var results = MetaSchemas.Draft202012.Evaluate(schema.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

        Assert.True(results.IsValid);
        Assert.Equal(
            "https://policyengine.example/schemas/rule-set.schema.json",
            schema.RootElement.GetProperty("$id").GetString());
    }

    /// <summary>
    /// Each row makes one change to the eu rule set and names the path, the rule and the start of
    /// the message that the schema must report there.
    /// </summary>
    [Theory]
    [InlineData("missing WorkflowName", "$.WorkflowName", null, "WorkflowName is missing. Name of the rule set")]
    [InlineData("missing AppliesFrom", "$.AppliesFrom", null, "AppliesFrom is missing. First day on which")]
    [InlineData("missing RuleName", "$.Rules[0].RuleName", null, "RuleName is missing. Name of the rule")]
    [InlineData("missing Properties", "$.Rules[0].Properties", FirstRule, "Properties is missing. The finding")]
    [InlineData("missing party", "$.Rules[0].Properties.party", FirstRule, "party is missing. The party the finding is about.")]
    [InlineData("missing citation article", "$.Rules[0].Properties.citation.article", FirstRule, "article is missing. The article")]
    [InlineData("transfer-role without from", "$.Rules[9].Properties.from", "DeployerBecomesManufacturerByModifyingModel",
        "from is missing. A transfer-role rule names the party whose role it takes over in `from`.")]
    [InlineData("unknown workflow member", "$.Version", null,
        "'Version' is not a member of the rule set; known members: WorkflowName, Description, AppliesFrom, AppliesUntil, Parameters, GlobalParams, Rules.")]
    [InlineData("unknown rule member", "$.Rules[0].Weight", FirstRule,
        "'Weight' is not a member of a rule; known members: RuleName, Expression, Operator, Rules, Enabled, RuleExpressionType, LocalParams, ErrorMessage, SuccessEvent, Properties.")]
    [InlineData("unknown properties member", "$.Rules[0].Properties.Party", FirstRule,
        "'Party' is not a member of a rule's Properties; known members: party, effect, basis, weight, description, citation, from.")]
    [InlineData("unknown citation member", "$.Rules[0].Properties.citation.page", FirstRule,
        "'page' is not a member of a citation; known members: instrument, article, url.")]
    [InlineData("unknown member with a space", "$.Rules[0]['rule note']", FirstRule, "'rule note' is not a member of a rule;")]
    [InlineData("Properties in a child rule", "$.Rules[0].Rules[0].Properties", "ChildFires",
        "'Properties' is not a member of a child rule; known members: RuleName, Expression, Operator, Rules,")]
    [InlineData("fourth level of child rules", "$.Rules[0].Rules[0].Rules[0].Operator", "GrandchildFires",
        "'Operator' is not a member of a third-level child rule; known members: RuleName, Expression, RuleExpressionType.")]
    [InlineData("unknown party", "$.Rules[0].Properties.party", FirstRule,
        "'manufacturer' is not a valid party; use one of developer, deployer, user, injured-person.")]
    [InlineData("unknown effect", "$.Rules[0].Properties.effect", FirstRule,
        "'pay-double' is not a valid effect; use one of liable, reduce-recovery, exonerate, transfer-role, exclusion-clause, void-clause, joint-and-several, recovery-bar.")]
    [InlineData("unknown basis", "$.Rules[0].Properties.basis", FirstRule,
        "'negligence' is not a valid basis; use one of fault, strict-product-liability, contract, statutory-duty.")]
    [InlineData("unknown operator", "$.Rules[0].Operator", FirstRule, "'Xor' is not a valid Operator; use one of And, Or.")]
    [InlineData("date that does not exist", "$.AppliesFrom", null,
        "'2024-02-30' is not a valid date for AppliesFrom; give a day that exists, as YYYY-MM-DD.")]
    [InlineData("date in another format", "$.AppliesUntil", null,
        "'31/12/2030' is not a valid date for AppliesUntil; give a day that exists, as YYYY-MM-DD.")]
    [InlineData("upper-case rule-set name", "$.WorkflowName", null,
        "'EU' is not a valid WorkflowName. A rule-set name: a lower-case letter followed by up to 63 lower-case letters, digits or hyphens.")]
    [InlineData("rule name starting with a digit", "$.Rules[0].RuleName", "7Rule",
        "'7Rule' is not a valid RuleName. A name for a rule or a parameter: a letter followed by up to 99 letters, digits or underscores.")]
    [InlineData("Expression together with Operator", "$.Rules[0].Operator", FirstRule,
        "'Operator' is not allowed here. A rule has either an Expression or an Operator with child Rules, not both.")]
    [InlineData("Expression together with child Rules", "$.Rules[0].Rules", FirstRule,
        "'Rules' is not allowed here. A rule has either an Expression or an Operator with child Rules, not both.")]
    [InlineData("neither Expression nor Operator", "$.Rules[0].Expression", FirstRule,
        "Expression is missing. A rule without an Operator and child Rules needs an Expression.")]
    [InlineData("Operator without child Rules", "$.Rules[0].Rules", FirstRule, "Rules is missing, but Operator is given; give both or neither.")]
    [InlineData("from on a liable rule", "$.Rules[0].Properties.from", FirstRule,
        "'from' is not allowed here. `from` belongs only to transfer-role rules.")]
    [InlineData("negative weight", "$.Rules[0].Properties.weight", FirstRule, "weight is -1; it must be 0 or more.")]
    [InlineData("weight as true", "$.Rules[0].Properties.weight", FirstRule, "weight must be a number, a string or null; got true.")]
    [InlineData("blank weight expression", "$.Rules[0].Properties.weight", FirstRule, "' ' is not a valid weight. A C# lambda expression body")]
    [InlineData("expression of 1001 characters", "$.Rules[0].Expression", FirstRule, "Expression has 1001 characters; the maximum is 1000.")]
    [InlineData("no rules", "$.Rules", null, "Rules has 0 items; give from 1 to 200.")]
    [InlineData("relative citation url", "$.Rules[0].Properties.citation.url", FirstRule, "'eli/dir/2024/2853/oj' is not an absolute URL;")]
    [InlineData("integer parameter with a fraction", "$.Parameters[0].Value", null, "Value must be a whole number; got the number 0.5.")]
    [InlineData("date parameter as a number", "$.Parameters[0].Value", null, "Value must be a string; got the number 20261209.")]
    [InlineData("parameter without description", "$.Parameters[0].Description", null, "Description is missing. What the value means and its unit")]
    [InlineData("rule set as an array", "$", null, "The rule set must be an object; got an array.")]
    public void InvalidRuleSet_ReportsPathAndMessage(string change, string path, string? ruleName, string message)
    {
        var document = ApplyChange(LoadEu(), change);
        using var json = JsonDocument.Parse(document.ToJsonString());

        var problems = RuleSetSchema.Validate(json.RootElement);

        var problem = Assert.Single(problems, p => p.Path == path);
        Assert.StartsWith(message, problem.Message);
        Assert.Equal(ruleName, problem.RuleName);
    }

    [Theory]
    [InlineData("child rules combined by And")]
    [InlineData("child rules three levels deep")]
    [InlineData("parameters of every type")]
    [InlineData("AppliesUntil")]
    [InlineData("weight null")]
    [InlineData("rule disabled")]
    public void ValidVariant_PassesSchema(string change)
    {
        var document = ApplyChange(LoadEu(), change);
        using var json = JsonDocument.Parse(document.ToJsonString());

        var problems = RuleSetSchema.Validate(json.RootElement);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Validate_SeveralFaults_ReportsEachInDocumentOrder()
    {
        var document = LoadEu();
        document["Version"] = 2;
        document["AppliesFrom"] = "2024-8-1";
        var rules = document["Rules"]!.AsArray();
        rules[2]!["Properties"]!["party"] = "manufacturer";
        rules[10]!["Properties"]!["basis"] = "negligence";
        rules[12]!["Properties"]!.AsObject().Remove("citation");
        using var json = JsonDocument.Parse(document.ToJsonString());

        var problems = RuleSetSchema.Validate(json.RootElement);

        string[] expected =
        [
            "$.AppliesFrom",
            "$.Rules[2].Properties.party",
            "$.Rules[10].Properties.basis",
            "$.Rules[12].Properties.citation",
            "$.Version",
        ];
        Assert.Equal(expected, problems.Select(p => p.Path));
    }

    [Fact]
    public void Parse_SchemaFailure_ThrowsWithSchemaProblems()
    {
        var document = LoadEu();
        document.Remove("AppliesFrom");
        document["Rules"]![0]!["Properties"]!["party"] = "manufacturer";

        var error = Assert.Throws<RuleSetException>(() => RuleSetParser.Parse(document.ToJsonString()));

        string[] expected = ["$.AppliesFrom", "$.Rules[0].Properties.party"];
        Assert.Equal(expected, error.Problems.Select(p => p.Path));
        Assert.Contains("'manufacturer' is not a valid party", error.Message);
    }

    private static JsonObject LoadEu() => JsonNode.Parse(RuleSetFiles.Read("eu"))!.AsObject();

    /// <summary>Applies the named change to the eu rule set and returns the changed document.</summary>
    private static JsonNode ApplyChange(JsonObject ruleSet, string change)
    {
        var rules = ruleSet["Rules"]!.AsArray();
        var rule = rules[0]!.AsObject();
        var properties = rule["Properties"]!.AsObject();
        switch (change)
        {
            case "missing WorkflowName":
                ruleSet.Remove("WorkflowName");
                break;
            case "missing AppliesFrom":
                ruleSet.Remove("AppliesFrom");
                break;
            case "missing RuleName":
                rule.Remove("RuleName");
                break;
            case "missing Properties":
                rule.Remove("Properties");
                break;
            case "missing party":
                properties.Remove("party");
                break;
            case "missing citation article":
                properties["citation"]!.AsObject().Remove("article");
                break;
            case "transfer-role without from":
                rules[9]!["Properties"]!.AsObject().Remove("from");
                break;
            case "unknown workflow member":
                ruleSet["Version"] = 2;
                break;
            case "unknown rule member":
                rule["Weight"] = 2;
                break;
            case "unknown properties member":
                properties["Party"] = "developer";
                break;
            case "unknown citation member":
                properties["citation"]!["page"] = 12;
                break;
            case "unknown member with a space":
                rule["rule note"] = "checked";
                break;
            case "Properties in a child rule":
                ReplaceExpressionWithChildRules(rule);
                rule["Rules"]![0]!["Properties"] = properties.DeepClone();
                break;
            case "fourth level of child rules":
                ReplaceExpressionWithChildRules(rule);
                var child = rule["Rules"]![0]!.AsObject();
                child.Remove("Expression");
                child["Operator"] = "Or";
                child["Rules"] = new JsonArray(new JsonObject
                {
                    ["RuleName"] = "GrandchildFires",
                    ["Operator"] = "And",
                    ["Rules"] = new JsonArray(new JsonObject { ["RuleName"] = "TooDeep", ["Expression"] = "true" }),
                });
                break;
            case "unknown party":
                properties["party"] = "manufacturer";
                break;
            case "unknown effect":
                properties["effect"] = "pay-double";
                break;
            case "unknown basis":
                properties["basis"] = "negligence";
                break;
            case "unknown operator":
                ReplaceExpressionWithChildRules(rule);
                rule["Operator"] = "Xor";
                break;
            case "date that does not exist":
                ruleSet["AppliesFrom"] = "2024-02-30";
                break;
            case "date in another format":
                ruleSet["AppliesUntil"] = "31/12/2030";
                break;
            case "upper-case rule-set name":
                ruleSet["WorkflowName"] = "EU";
                break;
            case "rule name starting with a digit":
                rule["RuleName"] = "7Rule";
                break;
            case "Expression together with Operator":
                rule["Operator"] = "And";
                break;
            case "Expression together with child Rules":
                var expression = rule["Expression"]!.GetValue<string>();
                ReplaceExpressionWithChildRules(rule);
                rule.Remove("Operator");
                rule["Expression"] = expression;
                break;
            case "neither Expression nor Operator":
                rule.Remove("Expression");
                break;
            case "Operator without child Rules":
                rule.Remove("Expression");
                rule["Operator"] = "And";
                break;
            case "from on a liable rule":
                properties["from"] = "deployer";
                break;
            case "negative weight":
                properties["weight"] = -1;
                break;
            case "weight as true":
                properties["weight"] = true;
                break;
            case "blank weight expression":
                properties["weight"] = " ";
                break;
            case "expression of 1001 characters":
                rule["Expression"] = "true" + new string(' ', 997);
                break;
            case "no rules":
                rules.Clear();
                break;
            case "relative citation url":
                properties["citation"]!["url"] = "eli/dir/2024/2853/oj";
                break;
            case "integer parameter with a fraction":
                ruleSet["Parameters"] = new JsonArray(Parameter("integer", 0.5));
                break;
            case "date parameter as a number":
                ruleSet["Parameters"] = new JsonArray(Parameter("date", 20261209));
                break;
            case "parameter without description":
                var parameter = Parameter("number", 0.05);
                parameter.Remove("Description");
                ruleSet["Parameters"] = new JsonArray(parameter);
                break;
            case "rule set as an array":
                return new JsonArray(ruleSet);
            case "child rules combined by And":
                ReplaceExpressionWithChildRules(rule);
                break;
            case "child rules three levels deep":
                ReplaceExpressionWithChildRules(rule);
                var middle = rule["Rules"]![1]!.AsObject();
                middle.Remove("Expression");
                middle["Operator"] = "Or";
                middle["Rules"] = new JsonArray(
                    new JsonObject { ["RuleName"] = "DeepestA", ["Expression"] = "facts.User.Misuse" },
                    new JsonObject { ["RuleName"] = "DeepestB", ["Expression"] = "facts.User.IgnoredWarnings" });
                break;
            case "parameters of every type":
                ruleSet["Parameters"] = new JsonArray(
                    Parameter("number", 0.05),
                    Parameter("decimal", 51),
                    Parameter("integer", 30),
                    Parameter("boolean", true),
                    Parameter("date", "2026-12-09"));
                break;
            case "AppliesUntil":
                ruleSet["AppliesUntil"] = "2030-12-31";
                break;
            case "weight null":
                properties["weight"] = null;
                break;
            case "rule disabled":
                rule["Enabled"] = false;
                break;
            default:
                throw new ArgumentException($"No change is named '{change}'.", nameof(change));
        }

        return ruleSet;
    }

    /// <summary>Replaces the rule's Expression with two child rules combined by And.</summary>
    private static void ReplaceExpressionWithChildRules(JsonObject rule)
    {
        rule.Remove("Expression");
        rule["Operator"] = "And";
        rule["Rules"] = new JsonArray(
            new JsonObject { ["RuleName"] = "ChildFires", ["Expression"] = "productLiabilityApplies" },
            new JsonObject { ["RuleName"] = "OtherChildFires", ["Expression"] = "declaredAccuracyNotMet" });
    }

    private static JsonObject Parameter(string type, JsonNode? value) => new()
    {
        ["Name"] = $"{type}Threshold",
        ["Type"] = type,
        ["Value"] = value,
        ["Description"] = $"A {type} threshold for tests.",
    };
}

using System.Globalization;
using System.Linq.Dynamic.Core.Exceptions;
using System.Linq.Expressions;
using System.Text.RegularExpressions;
using PolicyEngine.Engine.Localization;
using RulesEngine.ExpressionBuilders;

namespace PolicyEngine.Engine.Rules.Expressions;

/// <summary>What a checked expression must return.</summary>
internal enum ExpectedResult
{
    Any,
    Boolean,
    Number,
}

/// <summary>One reason an expression is rejected. <see cref="Forbidden"/> marks an attempt to reach beyond the inputs, which is logged.</summary>
internal sealed record ExpressionProblem(string Message, bool Forbidden = false);

/// <summary>
/// Checks one rule-set expression before it is saved: the lexical rules of the rule language,
/// parsing by RulesEngine's own parser, the types it reaches, string literals compared with
/// values of another type, and the type of its result. Returns the parsed body when it passes.
/// </summary>
internal static partial class ExpressionChecker
{
    private static readonly decimal[] AllowedNumbers = [0m, 1m, 100m];

    private static readonly HashSet<string> WordOperators = new(StringComparer.OrdinalIgnoreCase) { "and", "or", "not", "andalso", "orelse" };

    /// <summary>Identifiers that lead out of the inputs: namespaces and types for reflection, files, processes and the environment.</summary>
    private static readonly HashSet<string> ForbiddenIdentifiers = new(StringComparer.Ordinal)
    {
        "System", "Environment", "Type", "GetType", "typeof", "Assembly", "Activator", "AppDomain", "Reflection", "File",
        "Directory", "Process", "Marshal", "Console", "Thread", "Task", "GC", "IO", "Diagnostics", "Runtime",
    };

    [GeneratedRegex("No property or field '(?<member>[^']+)' exists in type '(?<type>[^']+)'")]
    private static partial Regex UnknownMemberMessage();

    [GeneratedRegex("(Unknown identifier|Type) '(?<name>[^']+)'( not found)?")]
    private static partial Regex UnknownIdentifierMessage();

    public static (Expression? Body, List<ExpressionProblem> Problems) Check(
        string text, IReadOnlyList<ParameterExpression> parameters, ExpectedResult expected)
    {
        var tokens = ExpressionLexer.Tokenize(text);
        var problems = CheckTokens(tokens);
        if (problems.Count > 0)
        {
            return (null, problems);
        }

        Expression body;
        try
        {
            body = new RuleExpressionParser(LiabilityEngine.CreateSettings()).Parse(text, parameters.ToArray(), null);
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or InsufficientExecutionStackException))
        {
            // The parser converts some literals while parsing (a string compared with a date, say)
            // and then throws FormatException or OverflowException, not only ParseException.
            return (null, [new ExpressionProblem(DescribeParseError(ex, parameters))]);
        }

        var reach = new ReachCheck();
        reach.Visit(body);
        problems.AddRange(reach.Violations.Distinct().Select(v => new ExpressionProblem(
            EngineText.Format(
                "The expression reaches {0}, which rules may not use. Expressions read only facts, evidence, parameters and global params, "
                + "with numbers, strings, dates and System.Math; docs/rule-sets.md lists the members allowed.",
                v),
            Forbidden: true)));
        problems.AddRange(reach.Misuses.Distinct().Select(m => new ExpressionProblem(m)));
        problems.AddRange(CheckStringLiterals(tokens, body));
        if (problems.Count == 0 && DescribeWrongResult(body.Type, expected) is { } wrongResult)
        {
            problems.Add(new ExpressionProblem(wrongResult));
        }

        return (problems.Count == 0 ? body : null, problems);
    }

    private static List<ExpressionProblem> CheckTokens(List<Token> tokens)
    {
        var problems = new List<ExpressionProblem>();
        for (int i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            bool afterDot = i > 0 && tokens[i - 1].Text is "." or "?.";
            string at = EngineText.Format("at position {0}", token.Position);
            switch (token.Kind)
            {
                case TokenKind.Identifier when ForbiddenIdentifiers.Contains(token.Text):
                    // One report per expression: System.IO.File would otherwise be three.
                    if (!problems.Exists(p => p.Forbidden))
                    {
                        problems.Add(new ExpressionProblem(
                            EngineText.Format(
                                "'{0}' ({1}) is out of reach: rules may read only facts, evidence, parameters and global params.", token.Text, at),
                            Forbidden: true));
                    }

                    break;
                case TokenKind.Identifier when !afterDot && WordOperators.Contains(token.Text):
                    problems.Add(new ExpressionProblem(
                        EngineText.Format(
                            "'{0}' ({1}) is not an operator of the rule language; use {2}.", token.Text, at, CSharpOperatorFor(token.Text))));
                    break;
                case TokenKind.Symbol when token.Text == "=":
                    problems.Add(new ExpressionProblem(EngineText.Format("'=' ({0}) is not a comparison; use == to compare values.", at)));
                    break;
                case TokenKind.Symbol when token.Text == "<>":
                    problems.Add(new ExpressionProblem(EngineText.Format("'<>' ({0}) is not an operator of the rule language; use != instead.", at)));
                    break;
                case TokenKind.Number when !IsAllowedNumber(token.Text):
                    problems.Add(new ExpressionProblem(
                        EngineText.Format(
                            "The number {0} ({1}) is written into the expression. Declare it in Parameters with a name, type and description, "
                            + "and read it by name; only 0, 1 and 100 may appear as literals.",
                            token.Text, at)));
                    break;
            }
        }

        return problems;
    }

    /// <summary>Whether <paramref name="name"/> is a word operator or an identifier the checks reject.</summary>
    public static bool IsReservedWord(string name) => WordOperators.Contains(name) || ForbiddenIdentifiers.Contains(name);

    /// <summary>Whether a numeric literal has the value 0, 1 or 100, in any spelling such as 1.0 or 0m.</summary>
    private static bool IsAllowedNumber(string literal)
    {
        string digits = literal.TrimEnd('m', 'M', 'd', 'D', 'f', 'F', 'l', 'L', 'u', 'U');
        return decimal.TryParse(digits, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value)
            && AllowedNumbers.Contains(value);
    }

    private static string CSharpOperatorFor(string word) => word.ToLowerInvariant() switch
    {
        "and" or "andalso" => "&&",
        "or" or "orelse" => "||",
        _ => "!",
    };

    /// <summary>
    /// Rejects string literals that the parser silently converted to another type, which happens
    /// when a string is compared with a number or a date. A string compared with an enum member is
    /// allowed, but it must spell the enum name exactly.
    /// </summary>
    private static IEnumerable<ExpressionProblem> CheckStringLiterals(List<Token> tokens, Expression body)
    {
        var constants = new ConstantCollector();
        constants.Visit(body);
        var literalsForEnums = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var token in tokens.Where(t => t.Kind == TokenKind.String))
        {
            string value = ExpressionLexer.Unquote(token.Text);
            if (constants.Strings.Contains(value))
            {
                continue;
            }

            var enumValue = constants.Enums.FirstOrDefault(e => string.Equals(e.ToString(), value, StringComparison.OrdinalIgnoreCase));
            literalsForEnums.Add(value);
            if (enumValue is null)
            {
                yield return new ExpressionProblem(EngineText.Format(
                    "The string {0} (at position {1}) is compared with a value that is not text, such as a number or a date. "
                    + "Compare numbers with numbers and dates with date parameters.",
                    token.Text, token.Position));
            }
            else if (enumValue.ToString() != value)
            {
                yield return new ExpressionProblem(EngineText.Format(
                    "{0} (at position {1}) does not match the case of the {2} name \"{3}\"; names are case-sensitive.",
                    token.Text, token.Position, enumValue.GetType().Name, enumValue));
            }
        }

        foreach (var enumValue in constants.Enums.Where(e => !literalsForEnums.Contains(e.ToString())))
        {
            yield return new ExpressionProblem(EngineText.Format(
                "A {0} is compared with a number. Compare it with the name in quotes, such as \"{1}\".", enumValue.GetType().Name, enumValue));
        }
    }

    private static string? DescribeWrongResult(Type type, ExpectedResult expected)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return expected switch
        {
            ExpectedResult.Boolean when type != typeof(bool) =>
                EngineText.Format("The expression returns {0}; a rule's Expression must return true or false.", Describe(type)),
            ExpectedResult.Number when underlying != typeof(decimal) && underlying != typeof(double) && underlying != typeof(int) && underlying != typeof(long) =>
                EngineText.Format("The expression returns {0}; it must return a number.", Describe(type)),
            _ => null,
        };
    }

    private static string Describe(Type type) =>
        Nullable.GetUnderlyingType(type) is { } underlying ? underlying.Name + "?" : type.Name;

    /// <summary>Rewrites the parser's message for an unknown name so that it suggests the closest known one.</summary>
    private static string DescribeParseError(Exception ex, IReadOnlyList<ParameterExpression> parameters)
    {
        string position = ex is ParseException parse ? EngineText.Format(" at position {0}", parse.Position) : "";
        string message = ex.Message;
        if (UnknownMemberMessage().Match(message) is { Success: true } member)
        {
            string name = member.Groups["member"].Value;
            string type = member.Groups["type"].Value;
            var members = InputTypes.MemberNamesOf(type);
            string suggestion = Suggestions.Closest(name, members) is null && members.Count > 0
                ? EngineText.Format(" Its members are {0}.", string.Join(", ", members))
                : SuggestionText(name, members);
            return EngineText.Format("'{0}'{1} is not a member of {2}.", name, position, type) + suggestion;
        }

        if (UnknownIdentifierMessage().Match(message) is { Success: true } identifier)
        {
            string name = identifier.Groups["name"].Value;
            if (InputTypes.InputPathOf(name) is { } path)
            {
                return EngineText.Format("'{0}'{1} is not a known name. Inputs are read through facts or evidence: write {2}.", name, position, path);
            }

            var candidates = parameters.Select(p => p.Name!).Concat(InputTypes.AllRecordMemberNames());
            return EngineText.Format("'{0}'{1} is not a known name.", name, position) + SuggestionText(name, candidates)
                + EngineText.Get(" A global param can read only the parameters and global params listed before it.");
        }

        return EngineText.Format("The expression does not compile{0}: {1}", position, message);
    }

    private static string SuggestionText(string name, IEnumerable<string> candidates)
    {
        string? closest = Suggestions.Closest(name, candidates);
        if (closest is null)
        {
            return EngineText.Get(" Inputs are facts and evidence; see docs/rule-sets.md for their members.");
        }

        return string.Equals(closest, name, StringComparison.OrdinalIgnoreCase)
            ? EngineText.Format(" Names are case-sensitive: write '{0}'.", closest)
            : EngineText.Format(" The closest known name is '{0}'.", closest);
    }

    /// <summary>Collects the types and members an expression tree uses that lie outside <see cref="InputTypes"/>.</summary>
    private sealed class ReachCheck : ExpressionVisitor
    {
        public List<string> Violations { get; } = [];

        /// <summary>Uses of allowed types that still misstate a rule: enums as numbers, arithmetic on literals.</summary>
        public List<string> Misuses { get; } = [];

        protected override Expression VisitUnary(UnaryExpression node)
        {
            if (node.NodeType is ExpressionType.Convert or ExpressionType.ConvertChecked
                && IsEnum(node.Operand.Type) && !IsEnum(node.Type) && node.Type != typeof(object))
            {
                Misuses.Add(EngineText.Format(
                    "A {0} is converted to {1}. Compare it with its name in quotes instead.", Underlying(node.Operand.Type).Name, Underlying(node.Type).Name));
            }

            return base.VisitUnary(node);
        }

        protected override Expression VisitBinary(BinaryExpression node)
        {
            if (node.NodeType is ExpressionType.LessThan or ExpressionType.LessThanOrEqual or ExpressionType.GreaterThan or ExpressionType.GreaterThanOrEqual
                && (IsEnum(Conversions.Strip(node.Left).Type) || IsEnum(Conversions.Strip(node.Right).Type)))
            {
                Misuses.Add(EngineText.Get("Names of an enum such as DamageKind have no order; compare them only with == and !=."));
            }

            if (node.NodeType is ExpressionType.Add or ExpressionType.Subtract or ExpressionType.Multiply or ExpressionType.Divide
                    or ExpressionType.Modulo or ExpressionType.Power
                && Conversions.Strip(node.Left) is ConstantExpression && Conversions.Strip(node.Right) is ConstantExpression)
            {
                Misuses.Add(EngineText.Get("The expression computes a number from literals alone. Declare the number in Parameters and read it by name."));
            }

            return base.VisitBinary(node);
        }

        private static bool IsEnum(Type type) => Underlying(type).IsEnum;

        private static Type Underlying(Type type) => Nullable.GetUnderlyingType(type) ?? type;

        public override Expression? Visit(Expression? node)
        {
            if (node is not null && node.Type != typeof(void) && !InputTypes.IsAllowed(node.Type))
            {
                Violations.Add(node.Type.FullName ?? node.Type.Name);
            }

            return base.Visit(node);
        }

        protected override Expression VisitMember(MemberExpression node)
        {
            if (node.Member.DeclaringType is { } declaring && !InputTypes.IsAllowedMember(declaring, node.Member))
            {
                Violations.Add($"{declaring.FullName}.{node.Member.Name}");
            }

            return base.VisitMember(node);
        }

        protected override Expression VisitMethodCall(MethodCallExpression node)
        {
            if (node.Method.DeclaringType is { } declaring && !InputTypes.IsAllowedMember(declaring, node.Method))
            {
                Violations.Add($"{declaring.FullName}.{node.Method.Name}");
            }

            return base.VisitMethodCall(node);
        }
    }

    private sealed class ConstantCollector : ExpressionVisitor
    {
        public HashSet<string> Strings { get; } = new(StringComparer.Ordinal);

        public List<Enum> Enums { get; } = [];

        protected override Expression VisitConstant(ConstantExpression node)
        {
            switch (node.Value)
            {
                case string text:
                    Strings.Add(text);
                    break;
                case Enum value:
                    Enums.Add(value);
                    break;
            }

            return base.VisitConstant(node);
        }
    }
}

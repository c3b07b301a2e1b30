using System.Reflection;
using PolicyEngine.Engine.Cases;
using PolicyEngine.Engine.Evidence;

namespace PolicyEngine.Engine.Rules.Expressions;

/// <summary>
/// The types a rule expression may reach: the two inputs and the records and enums inside them,
/// plus value types, strings, dates and System.Math. Everything else, reflection included, is
/// out of reach.
/// </summary>
internal static class InputTypes
{
    /// <summary>The record types of the inputs; a member read that ends on one of these is not a value yet.</summary>
    public static readonly IReadOnlySet<Type> Records = new HashSet<Type>
    {
        typeof(CaseFile), typeof(Damage), typeof(DeveloperConduct), typeof(DeployerConduct), typeof(UserConduct),
        typeof(InjuredPersonConduct), typeof(ContractTerms), typeof(Causation), typeof(EvidenceFacts),
    };

    private static readonly HashSet<Type> Values =
    [
        typeof(bool), typeof(int), typeof(long), typeof(double), typeof(float), typeof(decimal), typeof(string),
        typeof(char), typeof(DateOnly), typeof(DamageKind),
    ];

    /// <summary>
    /// The members an expression may use on each value type, by name. Parsing, formatting and
    /// string building are left out on purpose: their results depend on the culture or can
    /// allocate without bound, and none of them is needed to state a rule.
    /// </summary>
    private static readonly Dictionary<Type, HashSet<string>> ValueMembers = new()
    {
        [typeof(string)] = ["Length", "Contains", "StartsWith", "EndsWith", "Equals", "CompareTo", "Compare", "CompareOrdinal", "IsNullOrEmpty", "IsNullOrWhiteSpace"],
        [typeof(DateOnly)] = ["Year", "Month", "Day", "DayNumber", "DayOfYear", "AddDays", "AddMonths", "AddYears", "CompareTo", "Equals", "FromDayNumber"],
        [typeof(bool)] = ["Equals", "CompareTo"],
        [typeof(int)] = ["Equals", "CompareTo"],
        [typeof(long)] = ["Equals", "CompareTo"],
        [typeof(double)] = ["Equals", "CompareTo"],
        [typeof(float)] = ["Equals", "CompareTo"],
        [typeof(decimal)] = ["Equals", "CompareTo"],
        [typeof(char)] = ["Equals", "CompareTo"],
        [typeof(object)] = ["Equals"],
        [typeof(ValueType)] = ["Equals"],
        [typeof(Enum)] = ["Equals"],
    };

    private static readonly HashSet<string> NullableMembers = ["HasValue", "Value", "GetValueOrDefault"];

    /// <summary>Whether a value of <paramref name="type"/> may appear in an expression; object covers boxing.</summary>
    public static bool IsAllowed(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return Records.Contains(underlying) || Values.Contains(underlying) || underlying == typeof(object);
    }

    /// <summary>
    /// Whether an expression may use <paramref name="member"/>, declared on <paramref name="declaringType"/>:
    /// the properties of the input records except the free-text case reference, the members listed
    /// for each value type, <see cref="Nullable{T}"/>'s value members, and the methods of System.Math.
    /// </summary>
    public static bool IsAllowedMember(Type declaringType, MemberInfo member)
    {
        if (Records.Contains(declaringType))
        {
            return member is PropertyInfo && member.Name != "EqualityContract"
                && !(declaringType == typeof(CaseFile) && member.Name == nameof(CaseFile.Reference));
        }

        if (declaringType.IsGenericType && declaringType.GetGenericTypeDefinition() == typeof(Nullable<>))
        {
            return NullableMembers.Contains(member.Name) && IsAllowed(Nullable.GetUnderlyingType(declaringType)!);
        }

        if (declaringType == typeof(Math))
        {
            return member is MethodInfo;
        }

        return ValueMembers.TryGetValue(declaringType, out var names) && names.Contains(member.Name);
    }

    /// <summary>The public instance property names of a reachable type called <paramref name="typeName"/>, for suggestions.</summary>
    public static IReadOnlyList<string> MemberNamesOf(string typeName)
    {
        var type = Records.Concat(Values).FirstOrDefault(t => t.Name == typeName);
        return type is null ? [] : PropertyNames(type);
    }

    /// <summary>
    /// Returns how an expression reads a member that exists directly on an input, such as
    /// <c>evidence.Gap</c> for <c>Gap</c>, or null when neither input has it.
    /// </summary>
    public static string? InputPathOf(string name)
    {
        if (PropertyNames(typeof(EvidenceFacts)).Contains(name))
        {
            return $"{LiabilityEngine.EvidenceParameter}.{name}";
        }

        return PropertyNames(typeof(CaseFile)).Contains(name) ? $"{LiabilityEngine.FactsParameter}.{name}" : null;
    }

    public static IReadOnlyList<string> AllRecordMemberNames() =>
        Records.SelectMany(PropertyNames).Distinct(StringComparer.Ordinal).ToList();

    private static List<string> PropertyNames(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Where(n => n != "EqualityContract").ToList();
}

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

    /// <summary>Types whose static members an expression may call.</summary>
    private static readonly HashSet<Type> StaticHelpers = [typeof(Math), typeof(DateOnly)];

    /// <summary>Members of <see cref="object"/> that are harmless and deterministic.</summary>
    private static readonly HashSet<string> ObjectMembers = new(StringComparer.Ordinal) { "Equals", "ToString", "CompareTo" };

    public static bool IsAllowed(Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        return Records.Contains(underlying) || Values.Contains(underlying) || underlying == typeof(object);
    }

    /// <summary>Whether an expression may use <paramref name="member"/>, declared on <paramref name="declaringType"/>.</summary>
    public static bool IsAllowedMember(Type declaringType, MemberInfo member)
    {
        if (member.Name is "GetType" or "GetHashCode" or "MemberwiseClone")
        {
            return false;
        }

        if (declaringType == typeof(object) || declaringType == typeof(ValueType) || declaringType == typeof(Enum))
        {
            return ObjectMembers.Contains(member.Name);
        }

        var underlying = Nullable.GetUnderlyingType(declaringType) ?? declaringType;
        if (declaringType.IsGenericType && declaringType.GetGenericTypeDefinition() == typeof(Nullable<>))
        {
            return IsAllowed(underlying);
        }

        return IsAllowed(underlying) || StaticHelpers.Contains(underlying);
    }

    /// <summary>The public instance property names of a reachable type called <paramref name="typeName"/>, for suggestions.</summary>
    public static IReadOnlyList<string> MemberNamesOf(string typeName)
    {
        var type = Records.Concat(Values).FirstOrDefault(t => t.Name == typeName);
        return type is null ? [] : PropertyNames(type);
    }

    public static IReadOnlyList<string> AllRecordMemberNames() =>
        Records.SelectMany(PropertyNames).Distinct(StringComparer.Ordinal).ToList();

    private static List<string> PropertyNames(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => p.Name).Where(n => n != "EqualityContract").ToList();
}

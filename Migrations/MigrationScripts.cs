using System.Reflection;

namespace PolicyEngine.Migrations;

/// <summary>
/// Locates the versioned SQL scripts embedded in this assembly, for DbUp to apply in name order.
/// </summary>
public static class MigrationScripts
{
    public static Assembly Assembly => typeof(MigrationScripts).Assembly;
}

using Dapper;
using Microsoft.Data.Sqlite;

namespace PolicyEngine.Portal.Tests.Infrastructure;

/// <summary>
/// Changes a portal's SQLite file directly, bypassing the portal and its repositories, as someone
/// with write access to the file could. Drop the schema's trigger first to change a frozen row.
/// </summary>
public static class DatabaseFile
{
    public static int Execute(PortalFactory factory, string sql, object? parameters = null)
    {
        using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        return connection.Execute(sql, parameters);
    }

    public static T QuerySingle<T>(PortalFactory factory, string sql, object? parameters = null)
    {
        using var connection = new SqliteConnection($"Data Source={factory.DatabasePath}");
        return connection.QuerySingle<T>(sql, parameters);
    }
}

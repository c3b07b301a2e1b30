using Microsoft.Extensions.DependencyInjection.Extensions;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Portal.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite connection factory, the migrator, the repositories and the default
    /// rule-set seeder, all as singletons. The connection string is
    /// <c>ConnectionStrings:PolicyEngine</c>, by default <c>Data Source=data/policyengine.db</c>
    /// under the working folder. The chain signing key is the file named by
    /// <c>ChainSigning:KeyPath</c>, by default <c>keys/chain-signing.pem</c> in the database's
    /// folder (so <c>data/keys/chain-signing.pem</c> for the default database). The seeder needs a <see cref="LiabilityEngine"/>, which the caller registers.
    /// </summary>
    public static IServiceCollection AddPolicyEngineStorage(
        this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton(TimeProvider.System);
        // The connection string is read on first use, not now, so that sources added to the
        // configuration after this call (a test host's settings, for example) still apply.
        services.AddSingleton(_ => new SqliteConnectionFactory(
            configuration.GetConnectionString(SqliteConnectionFactory.ConnectionStringName)
            ?? SqliteConnectionFactory.DefaultConnectionString));
        services.AddSingleton(provider => new ChainHeadSigner(
            ChainSigningKeyPath(configuration, provider.GetRequiredService<SqliteConnectionFactory>()),
            provider.GetRequiredService<ILogger<ChainHeadSigner>>()));
        services.AddSingleton<ChainHeadRepository>();
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<RuleSetRepository>();
        services.AddSingleton<RuleSetDraftRepository>();
        services.AddSingleton<EvidenceRepository>();
        services.AddSingleton<DecisionRepository>();
        services.AddSingleton<UserRepository>();
        services.AddSingleton<ApiKeyRepository>();
        services.AddSingleton<AccessLogRepository>();
        services.AddSingleton(provider => new DefaultRuleSetSeeder(
            provider.GetRequiredService<RuleSetRepository>(),
            provider.GetRequiredService<LiabilityEngine>(),
            provider.GetRequiredService<ILogger<DefaultRuleSetSeeder>>()));
        return services;
    }

    private static string ChainSigningKeyPath(IConfiguration configuration, SqliteConnectionFactory connections)
    {
        if (configuration[ChainHeadSigner.KeyPathSetting] is { Length: > 0 } configured)
        {
            return configured;
        }

        string folder = connections.DatabasePath is { } database ? Path.GetDirectoryName(database)! : "data";
        return Path.Combine(folder, "keys", "chain-signing.pem");
    }
}

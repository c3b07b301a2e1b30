using Microsoft.Extensions.DependencyInjection.Extensions;
using PolicyEngine.Engine.Rules;

namespace PolicyEngine.Portal.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite connection factory, the migrator, the repositories and the default
    /// rule-set seeder, all as singletons. The connection string is
    /// <c>ConnectionStrings:PolicyEngine</c>, by default <c>Data Source=data/policyengine.db</c>
    /// under the working folder. The seeder needs a <see cref="LiabilityEngine"/>, which the caller registers.
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
        services.AddSingleton<DatabaseMigrator>();
        services.AddSingleton<RuleSetRepository>();
        services.AddSingleton<RuleSetDraftRepository>();
        services.AddSingleton<EvidenceRepository>();
        services.AddSingleton<DecisionRepository>();
        services.AddSingleton(provider => new DefaultRuleSetSeeder(
            provider.GetRequiredService<RuleSetRepository>(),
            provider.GetRequiredService<LiabilityEngine>(),
            provider.GetRequiredService<ILogger<DefaultRuleSetSeeder>>()));
        return services;
    }
}

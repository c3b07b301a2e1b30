using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using PolicyEngine.Engine.Rules;
using PolicyEngine.Portal.Storage;

namespace PolicyEngine.Portal.Tests.Storage;

public sealed class StorageRegistrationTests : IDisposable
{
    private readonly TemporaryDatabase _database = new(migrate: false);

    public void Dispose() => _database.Dispose();

    private ServiceProvider BuildProvider(Action<IServiceCollection>? before = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:PolicyEngine"] = _database.ConnectionString,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<LiabilityEngine>();
        before?.Invoke(services);
        services.AddPolicyEngineStorage(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public async Task AddPolicyEngineStorage_ConfiguredDatabase_MigratesAndSeeds()
    {
        using var provider = BuildProvider();

        provider.GetRequiredService<DatabaseMigrator>().Migrate();
        await provider.GetRequiredService<DefaultRuleSetSeeder>().SeedAsync(CancellationToken.None);

        var ruleSets = provider.GetRequiredService<RuleSetRepository>();
        var decisions = provider.GetRequiredService<DecisionRepository>();
        var evidence = provider.GetRequiredService<EvidenceRepository>();
        Assert.Equal(_database.DatabasePath, provider.GetRequiredService<SqliteConnectionFactory>().DatabasePath);
        Assert.NotNull(await ruleSets.GetPublishedAsync("eu", CancellationToken.None));
        Assert.Equal(0, await decisions.CountAsync(CancellationToken.None));
        Assert.Null(await evidence.GetAsync("ev-missing", CancellationToken.None));
    }

    [Fact]
    public void AddPolicyEngineStorage_NoTimeProviderRegistered_UsesSystemClock()
    {
        using var provider = BuildProvider();

        Assert.Same(TimeProvider.System, provider.GetRequiredService<TimeProvider>());
    }

    [Fact]
    public void AddPolicyEngineStorage_TimeProviderRegistered_KeepsIt()
    {
        var clock = new ManualTimeProvider(DateTimeOffset.UnixEpoch);

        using var provider = BuildProvider(services => services.AddSingleton<TimeProvider>(clock));

        Assert.Same(clock, provider.GetRequiredService<TimeProvider>());
    }
}

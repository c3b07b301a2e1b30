using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using PolicyEngine.Ml.Cli;
using PolicyEngine.Portal.Security;
using PolicyEngine.Portal.Tests.Infrastructure;

namespace PolicyEngine.Portal.Tests.Api;

/// <summary>The whole evidence path: train the CNN on the sample subset, store the record, decide a case with it.</summary>
public sealed class TrainedEvidenceTests : IDisposable
{
    private readonly PortalFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task TrainedRecord_IsAcceptedAndUsableByCase()
    {
        string subset = Path.Combine(AppContext.BaseDirectory, "samples", "fashion-mnist-subset");
        string output = Path.Combine(_factory.Folder, "evidence.json");
        int exitCode = await MlCommandLine.RunAsync(["train", "--data", subset, "--epochs", "1", "--threads", "2", "--out", output]);
        Assert.Equal(0, exitCode);
        var client = await _factory.CreateApiClientAsync(PortalRoles.Auditor);

        var stored = await client.PostAsync("/api/v1/evidence", new StringContent(File.ReadAllText(output), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        string evidenceId = JsonNode.Parse(await stored.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        var caseBody = JsonNode.Parse(Samples.ReadCase("hospital-triage-missed-accuracy.json"))!;
        caseBody.AsObject().Remove("evidence");
        caseBody["evidenceId"] = evidenceId;
        var decided = await client.PostAsync("/api/v1/decisions", new StringContent(caseBody.ToJsonString(), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Created, decided.StatusCode);
        var decision = JsonNode.Parse(await decided.Content.ReadAsStringAsync())!;
        Assert.Equal(evidenceId, decision["evidenceId"]!.GetValue<string>());
        // One epoch on 2,000 images measures far below the declared 0.97, so the accuracy rule fires.
        Assert.Contains(decision["findings"]!.AsArray(), f => f!["rule"]!.GetValue<string>() == "DeveloperBreachedDeclaredAccuracyDuty");
        Assert.Equal(500, decision["evidence"]!["metrics"]!["sampleSize"]!.GetValue<int>());
    }
}

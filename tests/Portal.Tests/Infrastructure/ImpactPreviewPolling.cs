using System.Net;
using System.Text.Json.Nodes;

namespace PolicyEngine.Portal.Tests.Infrastructure;

/// <summary>Waits for an impact preview, which runs in the background, through its progress endpoint.</summary>
public static class ImpactPreviewPolling
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Polls the job until it completes and returns it; fails the test when it fails or takes longer than a minute.</summary>
    public static async Task<JsonNode> WaitAsync(HttpClient client, string id)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var response = await client.GetAsync($"/api/v1/rule-sets/impact-previews/{id}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var job = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
            string status = job["status"]!.GetValue<string>();
            if (status == "completed")
            {
                return job;
            }

            Assert.True(status != "failed", $"The impact preview failed: {job["error"]}");
            Assert.True(DateTime.UtcNow < deadline, $"The impact preview is still {status} after {Timeout.TotalSeconds} seconds.");
            await Task.Delay(100);
        }
    }
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace PolicyEngine.Portal.Tests.Infrastructure;

/// <summary>Steps of the rule-set editor that several tests share, taken through the portal's API.</summary>
public static class RuleSetDrafts
{
    public static async Task<string> ExportAsync(HttpClient client, string name, int version)
    {
        var response = await client.GetAsync($"/api/v1/rule-sets/{name}/versions/{version}/export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Creates a draft of <paramref name="name"/> from <paramref name="fromVersion"/> and returns its version number.</summary>
    public static async Task<int> CreateAsync(HttpClient client, string name, int fromVersion)
    {
        var response = await client.PostAsync(
            $"/api/v1/rule-sets/{name}/drafts", Json($"{{\"fromVersion\":{fromVersion}}}"));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Creating a draft returned {response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["version"]!.GetValue<int>();
    }

    public static Task<HttpResponseMessage> SaveAsync(HttpClient client, string name, int version, string content) =>
        client.PutAsync($"/api/v1/rule-sets/{name}/versions/{version}/content", Json(content));

    /// <summary>
    /// Returns the eu rule set with every weight of 1 raised to 5, which changes the shares of the
    /// warehouse sample case and fails several of the eu scenarios.
    /// </summary>
    public static string WithChangedWeights(string content)
    {
        string changed = content.Replace("\"weight\": 1,", "\"weight\": 5,", StringComparison.Ordinal);
        Assert.NotEqual(content, changed);
        return changed;
    }

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}

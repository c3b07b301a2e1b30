using Microsoft.AspNetCore.Http;
using PolicyEngine.Portal.Localization;
using PolicyEngine.Portal.Storage;
using PolicyEngine.Portal.Tests.Storage;

namespace PolicyEngine.Portal.Tests.Localization;

/// <summary>Stored UTC times shown in the user's zone, and the user's days turned back into UTC.</summary>
public sealed class UserTimeTests
{
    private static UserTime For(string? timeZone, TimeProvider? clock = null)
    {
        var context = new DefaultHttpContext();
        if (timeZone is not null)
        {
            SignedInUser.Set(context, new UserRecord(
                "ana", "auditor", "hash", false, 0, null, DateTimeOffset.UnixEpoch, "tests", null, timeZone));
        }

        return new UserTime(new HttpContextAccessor { HttpContext = context }, clock ?? TimeProvider.System);
    }

    private static readonly DateTimeOffset Instant = new(2026, 7, 1, 22, 30, 5, TimeSpan.Zero);

    [Fact]
    public void Format_NoUser_ShowsUtc() => Assert.Equal("2026-07-01 22:30:05", For(null).Format(Instant));

    [Fact]
    public void Format_Shanghai_ShowsNextDay() =>
        Assert.Equal("2026-07-02 06:30:05", For("Asia/Shanghai").Format(Instant));

    [Fact]
    public void Html_Berlin_ShowsSummerOffsetAndUtcInstant() =>
        Assert.Equal(
            "<time datetime=\"2026-07-01T22:30:05Z\">2026-07-02 00:30:05 UTC+02:00</time>",
            For("Europe/Berlin").Html(Instant).ToString());

    [Theory]
    [InlineData(null, "2026-07-01")]
    [InlineData("Asia/Shanghai", "2026-07-02")]
    [InlineData("America/St_Johns", "2026-07-01")]
    public void Today_Zones_GivesLocalDate(string? zone, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), For(zone, new ManualTimeProvider(Instant)).Today);

    [Fact]
    public void Format_UnknownStoredZone_FallsBackToUtc() =>
        Assert.Equal("2026-07-01 22:30:05", For("Nowhere/Atlantis").Format(Instant));

    [Theory]
    [InlineData("UTC", "2026-03-29T00:00:00Z")]
    [InlineData("Europe/Berlin", "2026-03-28T23:00:00Z")]
    [InlineData("America/New_York", "2026-03-29T04:00:00Z")]
    [InlineData("Asia/Shanghai", "2026-03-28T16:00:00Z")]
    public void StartOfDay_Zones_GivesUtcInstant(string zone, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected), For(zone).StartOfDay(new DateOnly(2026, 3, 29)));

    [Fact]
    public void StartOfDay_MidnightInDaylightSavingGap_StartsAtFirstValidMinute()
    {
        // Santiago moved its clocks from 00:00 to 01:00 on 2026-09-06, so that day starts at 01:00 (UTC-3).
        Assert.Equal(
            new DateTimeOffset(2026, 9, 6, 4, 0, 0, TimeSpan.Zero),
            For("America/Santiago").StartOfDay(new DateOnly(2026, 9, 6)));
    }
}

using System.Globalization;
using System.Net;
using Microsoft.AspNetCore.Html;

namespace PolicyEngine.Portal.Localization;

/// <summary>
/// Shows stored UTC times in the time zone of the signed-in user's profile (UTC when there is
/// none), and turns the user's calendar days back into UTC ranges for filters.
/// </summary>
public sealed class UserTime(IHttpContextAccessor accessor, TimeProvider timeProvider)
{
    public const string DefaultZone = "UTC";

    private TimeZoneInfo? _zone;

    /// <summary>The IANA id of the zone times are shown in, such as "Asia/Shanghai".</summary>
    public string ZoneId => Zone.Id;

    public TimeZoneInfo Zone => _zone ??= Resolve(
        accessor.HttpContext is { } context ? SignedInUser.Get(context)?.TimeZone : null);

    /// <summary>Today's date in the user's zone.</summary>
    public DateOnly Today => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(timeProvider.GetUtcNow(), Zone).DateTime);

    /// <summary>Returns <paramref name="value"/> in the user's zone as "yyyy-MM-dd HH:mm:ss".</summary>
    public string Format(DateTimeOffset value) =>
        TimeZoneInfo.ConvertTime(value, Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>
    /// Returns a <c>time</c> element that shows <paramref name="value"/> in the user's zone with
    /// its UTC offset, and carries the UTC instant in its <c>datetime</c> attribute.
    /// </summary>
    public IHtmlContent Html(DateTimeOffset value)
    {
        var local = TimeZoneInfo.ConvertTime(value, Zone);
        string utc = value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string shown = local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " " + Offset(local.Offset);
        return new HtmlString($"<time datetime=\"{utc}\">{WebUtility.HtmlEncode(shown)}</time>");
    }

    /// <summary>The UTC instant at which <paramref name="day"/> starts in the user's zone.</summary>
    public DateTimeOffset StartOfDay(DateOnly day)
    {
        var local = day.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
        // A day that starts inside a daylight-saving gap starts at the first valid minute.
        while (Zone.IsInvalidTime(local))
        {
            local = local.AddMinutes(1);
        }

        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUniversalTime();
    }

    /// <summary>Returns the zone with IANA id <paramref name="id"/>, or UTC when it is unknown or empty.</summary>
    public static TimeZoneInfo Resolve(string? id) =>
        id is { Length: > 0 } && TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;

    /// <summary>The IANA ids of all time zones in this machine's time-zone database, sorted, UTC first.</summary>
    public static IReadOnlyList<string> KnownZones { get; } = TimeZoneInfo.GetSystemTimeZones()
        .Select(z => z.Id)
        .Where(id => id != DefaultZone)
        .Order(StringComparer.Ordinal)
        .Prepend(DefaultZone)
        .ToList();

    private static string Offset(TimeSpan offset) =>
        offset == TimeSpan.Zero ? "UTC" : "UTC" + (offset < TimeSpan.Zero ? "-" : "+") + offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
}

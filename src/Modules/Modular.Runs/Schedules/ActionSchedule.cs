using System.Text.RegularExpressions;
using Cronos;
using Modular.BuildingBlocks.Http;

namespace Modular.Runs.Schedules;

/// <summary>An action's schedule (its id is the action's id), always in an IANA time zone.</summary>
public sealed partial class ActionSchedule
{
    public static readonly string[] Kinds = ["hourly", "daily", "weekly", "monthly", "cron"];
    public static readonly string[] DayNames = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];

    public Guid Id { get; set; }
    /// <summary>Filled from the row's tenant when read (the clock reads schedules of every workspace).</summary>
    public string WorkspaceId { get; set; } = "";
    public bool Enabled { get; set; }
    public string Kind { get; set; } = "daily";
    public int? Minute { get; set; }
    public string? Time { get; set; }
    public List<string>? Days { get; set; }
    public int? DayOfMonth { get; set; }
    public string? Cron { get; set; }
    public string TimeZone { get; set; } = "UTC";
    public string CronExpression { get; set; } = "";
    /// <summary>Bumped by every change; a scheduled fire of an older generation is void.</summary>
    public int Generation { get; set; }
    /// <summary>In UTC (it is also a column the clock reads by).</summary>
    public DateTimeOffset? NextFireAt { get; set; }
    public DateTimeOffset? LastFiredAt { get; set; }

    [GeneratedRegex(@"^([01]\d|2[0-3]):[0-5]\d$")]
    private static partial Regex TimePattern();

    /// <summary>Checks the fields of the kind, and sets <see cref="CronExpression"/> when they are valid.</summary>
    public void Validate(Violations violations)
    {
        if (!Kinds.Contains(Kind)) violations.Add("/kind", $"kind is one of {string.Join(", ", Kinds)}.");
        if (!IanaTimeZones.IsZone(TimeZone) || Zone() is null) violations.Add("/timeZone", $"'{TimeZone}' is not an IANA time zone, such as Europe/Paris or America/New_York.");
        var (hour, minute) = (0, 0);
        if (Kind is "daily" or "weekly" or "monthly")
        {
            if (Time is null || !TimePattern().IsMatch(Time)) violations.Add("/time", "time is the time of day as HH:mm, such as 09:30.");
            else (hour, minute) = (int.Parse(Time[..2]), int.Parse(Time[3..]));
        }
        switch (Kind)
        {
            case "hourly" when Minute is not (>= 0 and <= 59):
                violations.Add("/minute", "minute past the hour is 0 to 59.");
                break;
            case "hourly":
                CronExpression = $"{Minute} * * * *";
                break;
            case "daily":
                CronExpression = $"{minute} {hour} * * *";
                break;
            case "weekly" when Days is not { Count: > 0 } || Days.Any(d => !DayNames.Contains(d)):
                violations.Add("/days", $"days are one or more of {string.Join(", ", DayNames)}.");
                break;
            case "weekly":
                CronExpression = $"{minute} {hour} * * {string.Join(",", Days!.Distinct().Select(d => Array.IndexOf(DayNames, d)).Order())}";
                break;
            case "monthly" when DayOfMonth is not (>= 1 and <= 31):
                violations.Add("/dayOfMonth", "dayOfMonth is 1 to 31 (months without that day are skipped).");
                break;
            case "monthly":
                CronExpression = $"{minute} {hour} {DayOfMonth} * *";
                break;
            case "cron":
                if (Cron is null || Parse(Cron) is null) violations.Add("/cron", "cron is a five-field expression (minute hour day-of-month month day-of-week), such as \"0 9 * * 1-5\".");
                else CronExpression = Cron.Trim();
                break;
        }
    }

    public TimeZoneInfo? Zone()
    {
        try { return TimeZoneInfo.FindSystemTimeZoneById(TimeZone); }
        catch (Exception error) when (error is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException) { return null; }
    }

    /// <summary>The next fire times after <paramref name="from"/>; daylight saving changes neither skip nor double a fire.</summary>
    public IReadOnlyList<DateTimeOffset> Next(DateTimeOffset from, int count)
    {
        var cron = Parse(CronExpression);
        var zone = Zone();
        if (cron is null || zone is null) return [];
        var result = new List<DateTimeOffset>();
        var cursor = from;
        while (result.Count < count && cron.GetNextOccurrence(cursor, zone) is { } next)
        {
            result.Add(next);
            cursor = next;
        }
        return result;
    }

    private static CronExpression? Parse(string expression)
    {
        try { return Cronos.CronExpression.Parse(expression.Trim(), CronFormat.Standard); }
        catch (CronFormatException) { return null; }
    }
}

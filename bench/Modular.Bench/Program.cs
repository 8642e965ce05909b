// Load benchmark against a running Modular host (see bench/README.md and bench/run.sh).
// Every loop is bounded in count and in time; only the given base URL (loopback) is called.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Modular.Bench;

public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (ArgumentException error)
        {
            Console.Error.WriteLine(error.Message);
            Console.Error.WriteLine(BenchOptions.Usage);
            return 2;
        }
        if (options.Help)
        {
            Console.WriteLine(BenchOptions.Usage);
            return 0;
        }

        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(options.MaxMinutes));
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
        var api = new Api(options.BaseUrl);
        var report = new Report();
        Console.WriteLine($"Modular bench against {options.BaseUrl}; parts {string.Join(",", options.Parts)}; {Environment.ProcessorCount} cores");
        try
        {
            if (options.Parts.Contains(1)) await Benchmarks.WebhookLatencyAsync(api, options, report, cancel.Token);
            if (options.Parts.Contains(2)) await Benchmarks.EndToEndThroughputAsync(api, options, report, cancel.Token);
            if (options.Parts.Contains(3)) await Benchmarks.StopLatencyAsync(api, options, report, cancel.Token);
            if (options.Parts.Contains(4)) await Benchmarks.ScheduleDelayAsync(api, options, report, cancel.Token);
            if (options.Parts.Contains(5)) await Benchmarks.SlowCallsAsync(api, options, report, cancel.Token);
            if (options.Parts.Contains(6)) await ConsoleBenchmark.RunAsync(api, options, report, cancel.Token);
        }
        catch (Exception error) when (error is BenchFailure or OperationCanceledException or HttpRequestException)
        {
            report.Add("ABORTED", error.GetType().Name + ": " + error.Message);
            report.Print();
            return 1;
        }
        report.Print();
        return 0;
    }
}

public sealed class BenchFailure(string message) : Exception(message);

public sealed class BenchOptions
{
    public const string Usage = """
        Modular.Bench --url http://127.0.0.1:5099 [options]
          --parts 1,2,3,4        which parts to run (1 webhook latency, 2 end-to-end runs/s, 3 stop latency, 4 schedule delay,
                                 5 runs waiting on a slow connector call, 6 the console in Chromium; 5 and 6 not run unless named)
          --rate 200             part 1: webhook requests per second (open loop)
          --duration 15          part 1: seconds
          --runs 3000            part 2: webhooks fired
          --concurrency 32       part 2: webhook requests in flight at most
          --actions 4            part 2: actions the webhooks are spread over (a node runs at most 4 runs of one action at once by default)
          --stops 30             part 3: runs started and stopped
          --schedules 10000      part 4: active actions, each with a cron "* * * * *" schedule
          --create-parallelism 16  part 4: actions created at once
          --sweep-after 45       part 4: seconds after the measured minute boundary before the runs are read
          --fire-wait 300        part 4: seconds to keep looking for fires not queued by the sweep
          --slow-runs 1000       part 5: runs started at once, each calling a simulator operation that answers after 2 s
          --simulators URL       part 5: the simulators' base URL (bench/run.sh starts them)
          --log-lines 35000      part 6: log lines of the run whose page is opened (the host's Runs__Limits__MaxLogLines must allow them)
          --host-pid PID         part 5: the host's process id, to sample its threads and memory (bench/run.sh passes it)
          --max-minutes 30       hard limit for the whole benchmark
        """;

    public string BaseUrl { get; private set; } = "http://127.0.0.1:5099";
    public HashSet<int> Parts { get; private set; } = [1, 2, 3, 4];
    public int Rate { get; private set; } = 200;
    public int DurationSeconds { get; private set; } = 15;
    public int Runs { get; private set; } = 3000;
    public int Concurrency { get; private set; } = 32;
    public int Actions { get; private set; } = 4;
    public int Stops { get; private set; } = 30;
    public int Schedules { get; private set; } = 10_000;
    public int CreateParallelism { get; private set; } = 16;
    public int SweepAfterSeconds { get; private set; } = 45;
    public int MaxMinutes { get; private set; } = 30;
    public int FireWaitSeconds { get; private set; } = 300;
    public int SlowRuns { get; private set; } = 1000;
    public int LogLines { get; private set; } = 35_000;
    public string? Simulators { get; private set; }
    public int? HostPid { get; private set; }
    public bool Help { get; private set; }

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help") { o.Help = true; continue; }
            if (i + 1 >= args.Length) throw new ArgumentException($"{name} needs a value.");
            var value = args[++i];
            switch (name)
            {
                case "--url": o.BaseUrl = value.TrimEnd('/'); break;
                case "--parts": o.Parts = value.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => Int(name, p, 1, 6)).ToHashSet(); break;
                case "--rate": o.Rate = Int(name, value, 1, 5_000); break;
                case "--duration": o.DurationSeconds = Int(name, value, 1, 600); break;
                case "--runs": o.Runs = Int(name, value, 1, 100_000); break;
                case "--concurrency": o.Concurrency = Int(name, value, 1, 1_000); break;
                case "--actions": o.Actions = Int(name, value, 1, 1_000); break;
                case "--stops": o.Stops = Int(name, value, 1, 1_000); break;
                case "--schedules": o.Schedules = Int(name, value, 1, 100_000); break;
                case "--create-parallelism": o.CreateParallelism = Int(name, value, 1, 256); break;
                case "--sweep-after": o.SweepAfterSeconds = Int(name, value, 1, 600); break;
                case "--fire-wait": o.FireWaitSeconds = Int(name, value, 1, 3_600); break;
                case "--slow-runs": o.SlowRuns = Int(name, value, 1, 10_000); break;
                case "--log-lines": o.LogLines = Int(name, value, 1, 1_000_000); break;
                case "--simulators": o.Simulators = value.TrimEnd('/'); break;
                case "--host-pid": o.HostPid = Int(name, value, 1, int.MaxValue); break;
                case "--max-minutes": o.MaxMinutes = Int(name, value, 1, 600); break;
                default: throw new ArgumentException($"Unknown option {name}.");
            }
        }
        return o;
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max
            ? n
            : throw new ArgumentException($"{name} must be an integer between {min} and {max}.");
}

/// <summary>The host's JSON API over one pooled HttpClient.</summary>
public sealed class Api
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public Api(string baseUrl)
    {
        BaseUrl = baseUrl;
        Http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 256,
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        })
        {
            BaseAddress = new Uri(baseUrl + "/"),
            Timeout = TimeSpan.FromSeconds(30),
        };
        // The API needs a credential: the key bench/run.sh seeds for the owner (Identity__Owner__ApiKey). The
        // webhook route ignores it.
        if (Environment.GetEnvironmentVariable("MODULAR_API_KEY") is { Length: > 0 } key)
            Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
    }

    public string BaseUrl { get; }
    public HttpClient Http { get; }

    public static StringContent Body(object value) => new(JsonSerializer.Serialize(value, Json), Encoding.UTF8, "application/json");

    public async Task<(HttpStatusCode Status, JsonNode? Body)> SendAsync(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/')) { Content = body is null ? null : Body(body) };
        using var response = await Http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        JsonNode? node = null;
        if (text.Length > 0)
        {
            try { node = JsonNode.Parse(text); }
            catch (JsonException) { node = JsonValue.Create(text); }
        }
        return (response.StatusCode, node);
    }

    /// <summary>Sends and demands the expected status; a different one is a <see cref="BenchFailure"/> naming the step.</summary>
    public async Task<JsonNode> ExpectAsync(HttpMethod method, string path, object? body, HttpStatusCode expected, string step, CancellationToken cancellationToken)
    {
        var (status, node) = await SendAsync(method, path, body, cancellationToken);
        if (status != expected)
            throw new BenchFailure($"{step}: {method} {path} answered {(int)status} (expected {(int)expected}): {Truncate(node?.ToJsonString())}");
        return node ?? new JsonObject();
    }

    public static string Truncate(string? text) => text is null ? "" : text.Length <= 300 ? text : text[..300] + "...";

    /// <summary>Creates, configures, publishes and activates a webhook action with the given code; returns its id.</summary>
    public async Task<Guid> CreateActiveActionAsync(string name, string code, CancellationToken cancellationToken, StepCounter? steps = null)
    {
        var created = await Step("create", () => ExpectAsync(HttpMethod.Post, "/api/actions",
            new { templateId = "rest.send-to-webhook", name, intent = "Benchmark action: " + name }, HttpStatusCode.Created, "create action", cancellationToken));
        var id = created["id"]!.GetValue<Guid>();
        var a = $"/api/actions/{id}";
        await Step("configuration", () => ExpectAsync(HttpMethod.Put, a + "/configuration",
            new { configuration = new { url = "https://example.com/hook", payload = "{}" }, version = 1 }, HttpStatusCode.OK, "configure", cancellationToken));
        await Step("publish", () => ExpectAsync(HttpMethod.Post, a + "/publish", new { version = 2 }, HttpStatusCode.OK, "publish", cancellationToken));
        await Step("state", () => ExpectAsync(HttpMethod.Put, a + "/state", new { state = "active", version = 3 }, HttpStatusCode.OK, "activate", cancellationToken));
        await Step("code", () => ExpectAsync(HttpMethod.Put, a + "/code", new { code, version = 4 }, HttpStatusCode.OK, "edit code", cancellationToken));
        return id;

        async Task<JsonNode> Step(string stepName, Func<Task<JsonNode>> call)
        {
            var watch = Stopwatch.StartNew();
            var result = await call();
            steps?.Record(stepName, watch.Elapsed.TotalMilliseconds);
            return result;
        }
    }

    public async Task<string> EnableWebhookAsync(Guid actionId, CancellationToken cancellationToken)
    {
        var view = await ExpectAsync(HttpMethod.Put, $"/api/actions/{actionId}/webhook", new { enabled = true }, HttpStatusCode.OK, "enable webhook", cancellationToken);
        var url = view["url"]?.GetValue<string>() ?? throw new BenchFailure("enable webhook: no url in " + view.ToJsonString());
        // Relative or absolute: always call the benchmark's base URL (loopback).
        var path = Uri.TryCreate(url, UriKind.Absolute, out var absolute) ? absolute.PathAndQuery : url;
        return path;
    }

    public async Task<JsonNode> GetRunAsync(Guid runId, CancellationToken cancellationToken) =>
        await ExpectAsync(HttpMethod.Get, $"/api/runs/{runId}", null, HttpStatusCode.OK, "get run", cancellationToken);

    /// <summary>How many runs of the action have this status (the list's total with pageSize 1).</summary>
    public async Task<long> CountRunsAsync(Guid actionId, string status, CancellationToken cancellationToken)
    {
        var page = await ExpectAsync(HttpMethod.Get, $"/api/actions/{actionId}/runs?status={status}&page=1&pageSize=1", null, HttpStatusCode.OK, "count runs", cancellationToken);
        return page["total"]!.GetValue<long>();
    }
}

/// <summary>Latencies of the creation steps (part 4).</summary>
public sealed class StepCounter
{
    private readonly ConcurrentDictionary<string, ConcurrentBag<double>> _steps = new();
    public void Record(string step, double ms) => _steps.GetOrAdd(step, _ => []).Add(ms);
    public IEnumerable<(string Step, List<double> Ms)> All => _steps.Select(p => (p.Key, p.Value.ToList()));
}

public static class Stats
{
    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0) return double.NaN;
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    public static string Summary(IEnumerable<double> values, string unit = "ms")
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0) return "no samples";
        return string.Create(CultureInfo.InvariantCulture,
            $"p50 {Percentile(sorted, 50):F1} {unit}, p99 {Percentile(sorted, 99):F1} {unit}, max {sorted[^1]:F1} {unit}, mean {sorted.Average():F1} {unit} (n={sorted.Count})");
    }

    public static string F(double value, int decimals = 1) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);
}

public sealed class Report
{
    private readonly List<(string Metric, string Value)> _rows = [];

    public void Add(string metric, string value)
    {
        _rows.Add((metric, value));
        Console.WriteLine($"  {metric}: {value}");
    }

    public void Print()
    {
        var width = _rows.Count == 0 ? 10 : _rows.Max(r => r.Metric.Length);
        Console.WriteLine();
        Console.WriteLine("==== Results ====");
        Console.WriteLine($"{"metric".PadRight(width)} | value");
        Console.WriteLine($"{new string('-', width)}-+-{new string('-', 60)}");
        foreach (var (metric, value) in _rows) Console.WriteLine($"{metric.PadRight(width)} | {value}");
    }
}

public static class Benchmarks
{
    private const string TrivialCode = "const x = 1;";
    private static readonly TimeSpan DrainLimit = TimeSpan.FromMinutes(5);

    // ---------------------------------------------------------------- part 1
    public static async Task WebhookLatencyAsync(Api api, BenchOptions o, Report report, CancellationToken cancellationToken)
    {
        Console.WriteLine($"[1] webhook accept latency: open loop, {o.Rate} req/s for {o.DurationSeconds} s");
        var actionId = await api.CreateActiveActionAsync($"bench-webhook-{Guid.NewGuid():N}", TrivialCode, cancellationToken);
        var hook = await api.EnableWebhookAsync(actionId, cancellationToken);
        await WarmUpAsync(api, hook, cancellationToken);
        await DrainAsync(api, [actionId], cancellationToken);

        var total = o.Rate * o.DurationSeconds;
        var fromSchedule = new double[total];
        var fromSend = new double[total];
        var statuses = new ConcurrentDictionary<string, int>();
        var tasks = new List<Task>(total);
        var clock = Stopwatch.StartNew();
        var ticksPerRequest = (double)Stopwatch.Frequency / o.Rate;
        var start = Stopwatch.GetTimestamp();
        double maxLag = 0;
        for (var i = 0; i < total && !cancellationToken.IsCancellationRequested; i++)
        {
            var due = start + (long)(i * ticksPerRequest);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait, cancellationToken);
            while (Stopwatch.GetTimestamp() < due) Thread.SpinWait(20);
            maxLag = Math.Max(maxLag, Stopwatch.GetElapsedTime(due).TotalMilliseconds);
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                var sent = Stopwatch.GetTimestamp();
                var outcome = await PostHookAsync(api, hook, index);
                var done = Stopwatch.GetTimestamp();
                fromSchedule[index] = Stopwatch.GetElapsedTime(due, done).TotalMilliseconds;
                fromSend[index] = Stopwatch.GetElapsedTime(sent, done).TotalMilliseconds;
                statuses.AddOrUpdate(outcome, 1, (_, n) => n + 1);
            }, CancellationToken.None));
        }
        var sendSeconds = clock.Elapsed.TotalSeconds;
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        var accepted = statuses.GetValueOrDefault("202");
        var errors = statuses.Where(s => s.Key != "202").Sum(s => s.Value);

        report.Add("1 webhook requests", $"{tasks.Count} sent in {Stats.F(sendSeconds, 2)} s (target {o.Rate}/s, achieved {Stats.F(tasks.Count / sendSeconds)}/s, max schedule lag {Stats.F(maxLag)} ms)");
        report.Add("1 webhook latency", Stats.Summary(fromSend));
        report.Add("1 webhook latency incl. schedule lag", Stats.Summary(fromSchedule));
        // Whether slow answers are spread out or bunched (a node warming up, a pause) shows per second.
        report.Add("1 webhook latency max per second", string.Join(" ", fromSend.Chunk(o.Rate).Select(second => Stats.F(second.Max(), 0))) + " ms");
        report.Add("1 webhook errors", errors == 0 ? $"0 (all {accepted} answered 202)" : $"{errors}: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}×{s.Value}"))}");

        // The accepted runs were queued on one action: let them drain so part 2 starts from an idle node.
        var drain = Stopwatch.StartNew();
        var counts = await DrainAsync(api, [actionId], cancellationToken);
        report.Add("1 backlog drain (one action)", $"{Stats.F(drain.Elapsed.TotalSeconds)} s after the last request; {Describe(counts)}");
    }

    private static async Task WarmUpAsync(Api api, string hook, CancellationToken cancellationToken)
    {
        for (var i = 0; i < 20 && !cancellationToken.IsCancellationRequested; i++) await PostHookAsync(api, hook, -1);
    }

    private static async Task<string> PostHookAsync(Api api, string hook, int index)
    {
        try
        {
            using var response = await api.Http.PostAsync(hook.TrimStart('/'), Api.Body(new { index }));
            await response.Content.LoadIntoBufferAsync();
            return ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
        }
        catch (Exception error) when (error is HttpRequestException or TaskCanceledException)
        {
            return error.GetType().Name;
        }
    }

    /// <summary>Waits (bounded) until none of the actions' runs is queued or running; returns the counts per status.</summary>
    private static async Task<Dictionary<string, long>> DrainAsync(Api api, IReadOnlyList<Guid> actions, CancellationToken cancellationToken, int pollMs = 200)
    {
        var limit = Stopwatch.StartNew();
        while (limit.Elapsed < DrainLimit)
        {
            var open = await CountAsync(api, actions, ["queued", "running"], cancellationToken);
            if (open.Values.Sum() == 0) break;
            await Task.Delay(pollMs, cancellationToken);
        }
        return await CountAsync(api, actions, ["queued", "running", "succeeded", "failed", "stopped", "rejected"], cancellationToken);
    }

    private static async Task<Dictionary<string, long>> CountAsync(Api api, IReadOnlyList<Guid> actions, string[] statuses, CancellationToken cancellationToken)
    {
        var work = actions.SelectMany(a => statuses.Select(s => (a, s))).ToList();
        var counts = await Task.WhenAll(work.Select(async w => (w.s, n: await api.CountRunsAsync(w.a, w.s, cancellationToken))));
        return counts.GroupBy(c => c.s).ToDictionary(g => g.Key, g => g.Sum(c => c.n));
    }

    private static string Describe(Dictionary<string, long> counts) =>
        string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{c.Key} {c.Value}")) is { Length: > 0 } text ? text : "no runs";

    // ---------------------------------------------------------------- part 2
    public static async Task EndToEndThroughputAsync(Api api, BenchOptions o, Report report, CancellationToken cancellationToken)
    {
        Console.WriteLine($"[2] end-to-end: {o.Runs} webhooks over {o.Actions} action(s), {o.Concurrency} in flight");
        var actions = new List<Guid>();
        var hooks = new List<string>();
        for (var i = 0; i < o.Actions; i++)
        {
            var id = await api.CreateActiveActionAsync($"bench-e2e-{i}-{Guid.NewGuid():N}", TrivialCode, cancellationToken);
            actions.Add(id);
            hooks.Add(await api.EnableWebhookAsync(id, cancellationToken));
        }

        var statuses = new ConcurrentDictionary<string, int>();
        using var gate = new SemaphoreSlim(o.Concurrency);
        var firstSendUtc = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var tasks = new List<Task>(o.Runs);
        for (var i = 0; i < o.Runs && !cancellationToken.IsCancellationRequested; i++)
        {
            await gate.WaitAsync(cancellationToken);
            var hook = hooks[i % hooks.Count];
            var index = i;
            tasks.Add(Task.Run(async () =>
            {
                try
                {
                    var outcome = await PostHookAsync(api, hook, index);
                    statuses.AddOrUpdate(outcome, 1, (_, n) => n + 1);
                }
                finally
                {
                    gate.Release();
                }
            }, CancellationToken.None));
        }
        await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(120), cancellationToken);
        var sentSeconds = clock.Elapsed.TotalSeconds;
        var accepted = statuses.GetValueOrDefault("202");

        // Poll every 50 ms until no run of these actions is queued or running.
        var endedSeconds = double.NaN;
        while (clock.Elapsed < DrainLimit)
        {
            var open = await CountAsync(api, actions, ["queued", "running"], cancellationToken);
            if (open.Values.Sum() == 0)
            {
                endedSeconds = clock.Elapsed.TotalSeconds;
                break;
            }
            await Task.Delay(50, cancellationToken);
        }
        var counts = await CountAsync(api, actions, ["queued", "running", "succeeded", "failed", "stopped", "rejected"], cancellationToken);

        // Server side: the latest endedAt among each action's newest runs.
        DateTimeOffset? lastEnded = null;
        foreach (var action in actions)
        {
            var page = await api.ExpectAsync(HttpMethod.Get, $"/api/actions/{action}/runs?page=1&pageSize=100", null, HttpStatusCode.OK, "list runs", cancellationToken);
            foreach (var run in page["items"]!.AsArray())
                if (run?["endedAt"]?.GetValue<DateTimeOffset>() is { } ended && (lastEnded is null || ended > lastEnded)) lastEnded = ended;
        }

        var errors = statuses.Where(s => s.Key != "202").Sum(s => s.Value);
        report.Add("2 webhooks accepted", $"{accepted}/{tasks.Count} in {Stats.F(sentSeconds, 2)} s ({Stats.F(accepted / sentSeconds)} accepted/s)"
            + (errors == 0 ? "" : $"; errors: {string.Join(", ", statuses.Where(s => s.Key != "202").Select(s => $"{s.Key}×{s.Value}"))}"));
        report.Add("2 run outcomes", Describe(counts));
        if (double.IsNaN(endedSeconds))
            report.Add("2 end-to-end runs/s", $"NOT DRAINED within {DrainLimit.TotalMinutes} min");
        else
        {
            var succeeded = counts.GetValueOrDefault("succeeded");
            report.Add("2 end-to-end runs/s", $"{Stats.F(accepted / endedSeconds)} runs/s ({accepted} runs, first send to all ended observed by polling: {Stats.F(endedSeconds, 2)} s; succeeded {succeeded})");
            if (lastEnded is { } last)
            {
                var serverSeconds = (last - firstSendUtc).TotalSeconds;
                report.Add("2 end-to-end runs/s (server endedAt)", $"{Stats.F(accepted / serverSeconds)} runs/s (first send to max endedAt: {Stats.F(serverSeconds, 2)} s)");
            }
        }
    }

    // ---------------------------------------------------------------- part 3
    public static async Task StopLatencyAsync(Api api, BenchOptions o, Report report, CancellationToken cancellationToken)
    {
        Console.WriteLine($"[3] stop latency: {o.Stops} runs of a tight loop");
        var actionId = await api.CreateActiveActionAsync($"bench-stop-{Guid.NewGuid():N}", "while (true) {}", cancellationToken);
        // The default statement budget (100,000,000) would fail a tight loop on its own within seconds: lift it so only the stop ends it.
        await api.ExpectAsync(HttpMethod.Put, $"/api/actions/{actionId}/run-settings",
            new { timeoutSeconds = 120, maxStatements = int.MaxValue }, HttpStatusCode.OK, "run settings", cancellationToken);

        var clientMs = new List<double>();
        var serverMs = new List<double>();
        var stopPostMs = new List<double>();
        var startMs = new List<double>();
        var problems = new List<string>();
        for (var i = 0; i < o.Stops && !cancellationToken.IsCancellationRequested; i++)
        {
            var started = await api.ExpectAsync(HttpMethod.Post, $"/api/actions/{actionId}/runs", null, HttpStatusCode.Accepted, "manual run", cancellationToken);
            var runId = started["runId"]!.GetValue<Guid>();
            var watch = Stopwatch.StartNew();
            var status = await WaitForStatusAsync(api, runId, s => s != "queued", TimeSpan.FromSeconds(30), cancellationToken);
            if (status != "running")
            {
                problems.Add($"run {i}: status '{status}' instead of running");
                continue;
            }
            startMs.Add(watch.Elapsed.TotalMilliseconds);
            await Task.Delay(50, cancellationToken); // let the loop spin
            var stopUtc = DateTimeOffset.UtcNow;
            var stopWatch = Stopwatch.StartNew();
            var (stopStatus, stopBody) = await api.SendAsync(HttpMethod.Post, $"/api/runs/{runId}/stop", null, cancellationToken);
            stopPostMs.Add(stopWatch.Elapsed.TotalMilliseconds);
            if (stopStatus != HttpStatusCode.Accepted)
            {
                problems.Add($"run {i}: stop answered {(int)stopStatus} {Api.Truncate(stopBody?.ToJsonString())}");
                continue;
            }
            JsonNode? run = null;
            var poll = Stopwatch.StartNew();
            while (poll.Elapsed < TimeSpan.FromSeconds(30))
            {
                run = await api.GetRunAsync(runId, cancellationToken);
                if (run["status"]?.GetValue<string>() != "running") break;
                await Task.Delay(5, cancellationToken);
            }
            var final = run?["status"]?.GetValue<string>();
            if (final != "stopped")
            {
                problems.Add($"run {i}: status '{final}' {stopWatch.Elapsed.TotalMilliseconds:F0} ms after the stop");
                continue;
            }
            clientMs.Add(stopWatch.Elapsed.TotalMilliseconds);
            if (run?["endedAt"]?.GetValue<DateTimeOffset>() is { } ended) serverMs.Add((ended - stopUtc).TotalMilliseconds);
        }

        report.Add("3 stop -> GET shows stopped (client)", Stats.Summary(clientMs));
        report.Add("3 stop -> endedAt (server clock)", Stats.Summary(serverMs));
        report.Add("3 POST stop answer", Stats.Summary(stopPostMs));
        report.Add("3 manual run -> running", Stats.Summary(startMs));
        report.Add("3 problems", problems.Count == 0 ? "none" : $"{problems.Count}: {string.Join("; ", problems.Take(5))}");
    }

    private static async Task<string?> WaitForStatusAsync(Api api, Guid runId, Func<string, bool> done, TimeSpan limit, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        string? status = null;
        while (watch.Elapsed < limit)
        {
            status = (await api.GetRunAsync(runId, cancellationToken))["status"]?.GetValue<string>();
            if (status is not null && done(status)) return status;
            await Task.Delay(5, cancellationToken);
        }
        return status;
    }

    // ---------------------------------------------------------------- part 4
    public static async Task ScheduleDelayAsync(Api api, BenchOptions o, Report report, CancellationToken cancellationToken)
    {
        Console.WriteLine($"[4] schedule fire delay: creating {o.Schedules} active actions with a cron '* * * * *' schedule ({o.CreateParallelism} at once)");
        var ids = new Guid[o.Schedules];
        var failures = new ConcurrentDictionary<string, int>();
        var steps = new StepCounter();
        var created = 0;
        var creation = Stopwatch.StartNew();
        var creationLimit = TimeSpan.FromMinutes(15);
        var progress = new Timer(_ => Console.WriteLine($"    {Volatile.Read(ref created)}/{o.Schedules} created, {creation.Elapsed.TotalSeconds:F0} s"), null, 10_000, 10_000);
        await Parallel.ForEachAsync(Enumerable.Range(0, o.Schedules), new ParallelOptions { MaxDegreeOfParallelism = o.CreateParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                if (creation.Elapsed > creationLimit) { failures.AddOrUpdate("creation time limit", 1, (_, n) => n + 1); return; }
                try
                {
                    var id = await api.CreateActiveActionAsync($"bench-schedule-{i:D5}-{Guid.NewGuid():N}"[..40], TrivialCode, ct, steps);
                    var watch = Stopwatch.StartNew();
                    await api.ExpectAsync(HttpMethod.Put, $"/api/actions/{id}/schedule",
                        new { enabled = true, kind = "cron", cron = "* * * * *", timeZone = "UTC" }, HttpStatusCode.OK, "schedule", ct);
                    steps.Record("schedule", watch.Elapsed.TotalMilliseconds);
                    ids[i] = id;
                    Interlocked.Increment(ref created);
                }
                catch (Exception error) when (error is BenchFailure or HttpRequestException or TaskCanceledException)
                {
                    var key = error is BenchFailure ? error.Message.Split(':')[0] + " " + StatusOf(error.Message) : error.GetType().Name;
                    if (failures.AddOrUpdate(key, 1, (_, n) => n + 1) == 1) Console.WriteLine("    first failure: " + Api.Truncate(error.Message));
                }
            });
        var creationSeconds = creation.Elapsed.TotalSeconds;
        await progress.DisposeAsync();
        var actions = ids.Where(id => id != Guid.Empty).ToList();
        var createdAt = DateTimeOffset.UtcNow;
        report.Add("4 actions created", $"{actions.Count}/{o.Schedules} in {Stats.F(creationSeconds)} s ({Stats.F(actions.Count / creationSeconds)} actions/s, 6 requests each)"
            + (failures.IsEmpty ? "" : $"; failures: {string.Join(", ", failures.Select(f => $"{f.Key}×{f.Value}"))}"));
        foreach (var (step, ms) in steps.All.OrderBy(s => s.Step)) report.Add($"4 create step '{step}'", Stats.Summary(ms));
        if (actions.Count == 0) return;

        // The first minute boundary every schedule was saved before (at least 2 s ahead).
        var boundary = new DateTimeOffset(createdAt.Year, createdAt.Month, createdAt.Day, createdAt.Hour, createdAt.Minute, 0, TimeSpan.Zero).AddMinutes(1);
        if (boundary - createdAt < TimeSpan.FromSeconds(2)) boundary = boundary.AddMinutes(1);
        var sweepAt = boundary.AddSeconds(o.SweepAfterSeconds);
        Console.WriteLine($"    measuring the fires at {boundary:HH:mm:ss} UTC; reading runs from {sweepAt:HH:mm:ss} UTC");
        var untilSweep = sweepAt - DateTimeOffset.UtcNow;
        if (untilSweep > TimeSpan.Zero) await Task.Delay(untilSweep, cancellationToken);

        // Each fire's run id is derived from (action, schedule generation 1, fire time): read that run, and list the
        // action's runs to count every scheduled run queued in [boundary, boundary + 60 s) (duplicates would show there).
        var delays = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<string, int>();
        var windowCounts = new ConcurrentDictionary<int, int>();
        var missing = new ConcurrentBag<Guid>();
        var readErrors = new ConcurrentDictionary<string, int>();
        var sweep = Stopwatch.StartNew();
        await Parallel.ForEachAsync(actions, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (id, ct) =>
        {
            try
            {
                var inWindow = await ScheduledRunsInWindowAsync(api, id, boundary, ct);
                windowCounts.AddOrUpdate(inWindow, 1, (_, n) => n + 1);
                var (status, run) = await api.SendAsync(HttpMethod.Get, $"/api/runs/{FireRunId(id, 1, boundary)}", null, ct);
                if (status == HttpStatusCode.NotFound) { missing.Add(id); return; }
                if (status != HttpStatusCode.OK) { readErrors.AddOrUpdate(((int)status).ToString(CultureInfo.InvariantCulture), 1, (_, n) => n + 1); return; }
                delays.Add((run!["queuedAt"]!.GetValue<DateTimeOffset>() - boundary).TotalMilliseconds);
                statuses.AddOrUpdate(run["status"]?.GetValue<string>() ?? "?", 1, (_, n) => n + 1);
            }
            catch (Exception error) when (error is BenchFailure or HttpRequestException or TaskCanceledException)
            {
                readErrors.AddOrUpdate(error.GetType().Name, 1, (_, n) => n + 1);
            }
        });
        var sweepSeconds = sweep.Elapsed.TotalSeconds;

        // Fires not found on the sweep are late: look again every 5 s (bounded by --fire-wait) to measure their real delay.
        var lateFound = 0;
        var pending = missing.ToList();
        var lateWatch = Stopwatch.StartNew();
        while (pending.Count > 0 && lateWatch.Elapsed < TimeSpan.FromSeconds(o.FireWaitSeconds) && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(5_000, cancellationToken);
            var still = new ConcurrentBag<Guid>();
            await Parallel.ForEachAsync(pending, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = cancellationToken }, async (id, ct) =>
            {
                var (status, run) = await api.SendAsync(HttpMethod.Get, $"/api/runs/{FireRunId(id, 1, boundary)}", null, ct);
                if (status != HttpStatusCode.OK) { still.Add(id); return; }
                Interlocked.Increment(ref lateFound);
                delays.Add((run!["queuedAt"]!.GetValue<DateTimeOffset>() - boundary).TotalMilliseconds);
                statuses.AddOrUpdate(run["status"]?.GetValue<string>() ?? "?", 1, (_, n) => n + 1);
            });
            pending = still.ToList();
            Console.WriteLine($"    {pending.Count} fires still not queued at {DateTimeOffset.UtcNow:HH:mm:ss} UTC");
        }

        var fired = delays.Count;
        report.Add("4 fires at the measured minute", $"{fired}/{actions.Count} fired (boundary {boundary:HH:mm:ss} UTC; {lateFound} found only after the sweep, {pending.Count} never within --fire-wait; read in {Stats.F(sweepSeconds)} s)"
            + (readErrors.IsEmpty ? "" : $"; read errors: {string.Join(", ", readErrors.Select(r => $"{r.Key}×{r.Value}"))}"));
        report.Add("4 fire delay (queuedAt - minute)", Stats.Summary(delays));
        report.Add("4 scheduled runs (any fire) queued within that minute, per action", string.Join(", ", windowCounts.OrderBy(w => w.Key).Select(w => $"{w.Key} run(s): {w.Value} actions")));
        report.Add("4 status of those runs when read", string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} {s.Value}")));
    }

    private static async Task<int> ScheduledRunsInWindowAsync(Api api, Guid actionId, DateTimeOffset boundary, CancellationToken cancellationToken)
    {
        var page = await api.ExpectAsync(HttpMethod.Get, $"/api/actions/{actionId}/runs?page=1&pageSize=10", null, HttpStatusCode.OK, "list runs", cancellationToken);
        return page["items"]!.AsArray().Count(run =>
            run?["trigger"]?.GetValue<string>() == "schedule"
            && run["queuedAt"]?.GetValue<DateTimeOffset>() is { } queued && queued >= boundary && queued < boundary.AddMinutes(1));
    }

    /// <summary>The run id the host gives a scheduled fire (Modular.Runs ScheduleClock.RunIdOf).</summary>
    // ---------------------------------------------------------------- part 5
    /// <summary>
    /// Runs that wait on a slow connected system: every run calls the simulated Wati's template list,
    /// which the simulator is told to answer after 2 s. Reports how long until all have ended, and the
    /// peak threads and resident memory of the host and of its sandbox processes meanwhile.
    /// </summary>
    public static async Task SlowCallsAsync(Api api, BenchOptions o, Report report, CancellationToken cancellationToken)
    {
        var simulators = o.Simulators ?? throw new BenchFailure("part 5 needs --simulators (bench/run.sh passes it).");
        Console.WriteLine($"[5] slow calls: {o.SlowRuns} runs at once, each waiting 2 s on {simulators}");
        var slow = new { vendor = "wati", pathContains = "getMessageTemplates", kind = "slow", delayMs = 2000 };
        using (var fault = await api.Http.PostAsync(simulators + "/_simulator/faults", Api.Body(slow), cancellationToken))
            if (!fault.IsSuccessStatusCode) throw new BenchFailure($"the simulator refused the slow fault: {(int)fault.StatusCode}");
        var code = $$"""
            const answer = await rest.request({ url: "{{simulators}}/wati/1001/api/v1/getMessageTemplates", headers: { Authorization: "Bearer demo-wati-token" } });
            if (!answer.ok) throw new Error("Wati answered " + answer.status);
            """;
        var action = await api.CreateActiveActionAsync($"bench-slow-{Guid.NewGuid():N}", code, cancellationToken);
        var hook = await api.EnableWebhookAsync(action, cancellationToken);

        using var sampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var peaks = o.HostPid is { } pid ? Task.Run(() => SampleAsync(pid, sampling.Token), CancellationToken.None) : Task.FromResult<Peaks?>(null);
        var clock = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(200);
        var statuses = new ConcurrentDictionary<string, int>();
        await Task.WhenAll(Enumerable.Range(0, o.SlowRuns).Select(async index =>
        {
            await gate.WaitAsync(cancellationToken);
            try { statuses.AddOrUpdate(await PostHookAsync(api, hook, index), 1, (_, n) => n + 1); }
            finally { gate.Release(); }
        }));
        var sentSeconds = clock.Elapsed.TotalSeconds;
        var endedSeconds = double.NaN;
        while (clock.Elapsed < DrainLimit)
        {
            if ((await CountAsync(api, [action], ["queued", "running"], cancellationToken)).Values.Sum() == 0)
            {
                endedSeconds = clock.Elapsed.TotalSeconds;
                break;
            }
            await Task.Delay(50, cancellationToken);
        }
        await sampling.CancelAsync();
        var peak = await peaks;
        var counts = await CountAsync(api, [action], ["queued", "running", "succeeded", "failed", "stopped", "rejected"], cancellationToken);
        report.Add("5 slow-call runs accepted", $"{statuses.GetValueOrDefault("202")}/{o.SlowRuns} in {Stats.F(sentSeconds, 2)} s"
            + (statuses.Count(s => s.Key != "202") == 0 ? "" : "; errors: " + string.Join(", ", statuses.Where(s => s.Key != "202").Select(s => $"{s.Key}×{s.Value}"))));
        report.Add("5 slow-call run outcomes", Describe(counts));
        report.Add("5 slow-call all ended", double.IsNaN(endedSeconds) ? $"NOT DRAINED within {DrainLimit.TotalMinutes} min" : $"{Stats.F(endedSeconds, 2)} s after the first webhook (each run waits 2 s)");
        if (peak is not null)
        {
            report.Add("5 host peak threads, memory", $"{peak.HostThreads} threads, {peak.HostRssMb} MB resident");
            report.Add("5 sandbox processes peak", $"{peak.SandboxThreads} threads, {peak.SandboxRssMb} MB resident ({peak.SandboxProcesses} processes)");
        }
    }

    private sealed record Peaks(int HostThreads, long HostRssMb, int SandboxThreads, long SandboxRssMb, int SandboxProcesses);

    /// <summary>Samples /proc every 100 ms: the host's threads and resident memory, and those of its child processes together.</summary>
    private static async Task<Peaks?> SampleAsync(int pid, CancellationToken cancellationToken)
    {
        var peak = new Peaks(0, 0, 0, 0, 0);
        while (!cancellationToken.IsCancellationRequested)
        {
            var (threads, rss) = Status(pid);
            var children = Children(pid);
            var sandbox = children.Select(Status).ToList();
            peak = new Peaks(Math.Max(peak.HostThreads, threads), Math.Max(peak.HostRssMb, rss),
                Math.Max(peak.SandboxThreads, sandbox.Sum(c => c.Threads)), Math.Max(peak.SandboxRssMb, sandbox.Sum(c => c.RssMb)),
                Math.Max(peak.SandboxProcesses, children.Count));
            try { await Task.Delay(100, cancellationToken); }
            catch (OperationCanceledException) { break; }
        }
        return peak;

        // Each thread lists the children it started (the host starts sandbox processes from pool threads).
        static List<int> Children(int id)
        {
            try
            {
                return Directory.GetDirectories($"/proc/{id}/task")
                    .SelectMany(task => File.Exists(task + "/children") ? File.ReadAllText(task + "/children").Split(' ', StringSplitOptions.RemoveEmptyEntries) : [])
                    .Select(child => int.Parse(child, CultureInfo.InvariantCulture)).Distinct().ToList();
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                return []; // a thread ended between the listing and the read
            }
        }

        static (int Threads, long RssMb) Status(int id)
        {
            try
            {
                var lines = File.ReadAllLines($"/proc/{id}/status");
                int Field(string name) => int.Parse(lines.First(l => l.StartsWith(name, StringComparison.Ordinal)).Split(':')[1].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
                return (Field("Threads:"), Field("VmRSS:") / 1024);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or InvalidOperationException)
            {
                return (0, 0); // the process ended between the listing and the read
            }
        }
    }

    private static Guid FireRunId(Guid actionId, int generation, DateTimeOffset fireAt) =>
        new(MD5.HashData(Encoding.UTF8.GetBytes($"{actionId}:{generation}:{fireAt.ToString("O", CultureInfo.InvariantCulture)}")));

    private static string StatusOf(string message)
    {
        var at = message.IndexOf("answered ", StringComparison.Ordinal);
        return at < 0 ? "" : message.Substring(at + 9, Math.Min(3, message.Length - at - 9));
    }
}

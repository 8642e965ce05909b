using System.Text;
using Modular.Runs.Sandbox;

// The host starts this process with a clean environment and talks to it over standard input and
// output (see SandboxMessage). Scripts run one at a time on threads with a large explicit stack;
// Jint's own guard turns deep interpreted recursion into a catchable error well before its end.
//
// Two such threads take turns: one reads the host's messages while the other runs a script. The
// thread that reads a run runs it itself and hands the reading to the other, so a run starts without
// waking another thread first (on a busy machine each wake-up costs milliseconds), and a stop or a
// reply is read at once, whatever the script does.
const int ScriptStackBytes = 256 * 1024 * 1024;
// After a run that left the process this large (a deep recursion commits stack pages), it ends and the host starts a fresh one.
const long RecycleAboveBytes = 768L * 1024 * 1024;
// Reading the working set costs more than a trivial run, and committing that much stack takes far longer than this.
var checkSizeAfter = TimeSpan.FromMilliseconds(5);

var output = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
var host = new SandboxConnection(output);
var input = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false), false, 1 << 16);
var reading = new SemaphoreSlim(1);
CancellationTokenSource? current = null;

void TakeTurns()
{
    while (true)
    {
        reading.Wait();
        SandboxMessage run;
        while (true)
        {
            // The host closed the pipe (it stopped or died): nothing is left to do.
            var line = input.ReadLine() ?? Exit();
            var message = SandboxMessage.FromLine(line);
            if (message.Type == "run")
            {
                run = message;
                break;
            }
            if (message.Type == "reply") host.Replied(message);
            else if (message.Type == "stop")
            {
                try { Volatile.Read(ref current)?.Cancel(); }
                catch (ObjectDisposedException) { /* the run ended meanwhile */ }
            }
        }
        // Set before the other thread reads on: a stop that follows the run at once finds it.
        using var stop = new CancellationTokenSource();
        Volatile.Write(ref current, stop);
        reading.Release();
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var done = ScriptRunner.Run(run, host, stop.Token);
        // Cleared before the host hears of the end: a late stop reaches no later run.
        Volatile.Write(ref current, null);
        if (System.Diagnostics.Stopwatch.GetElapsedTime(started) >= checkSizeAfter && Environment.WorkingSet > RecycleAboveBytes) done = done with { Exiting = true };
        host.Send(done);
        if (done.Exiting == true) Exit();
    }
}

static string Exit()
{
    Environment.Exit(0);
    return "";
}

// A first script compiles the interpreter's common paths before any run waits on them.
ScriptRunner.Run(new SandboxMessage
{
    Type = "run",
    Code = "const order = JSON.parse('{\"id\": 1, \"items\": [1, 2]}'); log('warm', order.items.map(x => x * 2)); await step('warm', () => 1);",
    Limits = new SandboxLimits(TimeSpan.FromSeconds(10), 64 * 1024 * 1024, 100_000, 64, 1, 1024, 10),
}, new SandboxConnection(TextWriter.Null), CancellationToken.None);
host.Send(new SandboxMessage { Type = SandboxMessage.Ready });

var threads = Enumerable.Range(1, 2).Select(n => new Thread(TakeTurns, ScriptStackBytes) { Name = $"script {n}", IsBackground = true }).ToList();
threads.ForEach(thread => thread.Start());
threads.ForEach(thread => thread.Join());

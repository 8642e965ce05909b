using Acornima.Ast;
using Jint;

namespace Modular.Runs.Sandbox.Globals;

/// <summary>
/// <c>await paging.collect(fetchPage, { maxItems, maxPages })</c>: the items of every page, as the
/// SDK's <c>Paging.CollectAsync</c> collects them for operations. <c>fetchPage(cursor)</c> gets the
/// cursor (undefined first; an offset works as well) and returns <c>{ items, next }</c>; paging
/// stops at an empty or repeated <c>next</c>, or at a limit (then <c>truncated</c> is true).
/// </summary>
internal sealed class PagingGlobal : IScriptGlobal
{
    private static readonly Prepared<Script> Paging = Engine.PrepareScript("""
        ({
          async collect(fetchPage, options) {
            if (typeof fetchPage !== "function") throw new TypeError("paging.collect(fetchPage, options) needs a function that fetches one page.");
            const maxItems = options?.maxItems ?? 10000;
            const maxPages = options?.maxPages ?? 100;
            const items = [];
            let cursor;
            for (let page = 0; page < maxPages; page++) {
              const next = await fetchPage(cursor);
              for (const item of next?.items ?? []) {
                if (items.length === maxItems) return { items, truncated: true };
                items.push(item);
              }
              // A system that repeats a cursor would page forever.
              if (next?.next === undefined || next.next === null || next.next === "" || next.next === cursor) return { items, truncated: false };
              cursor = next.next;
            }
            return { items, truncated: true };
          }
        })
        """);

    public IReadOnlyList<ScriptDoc> Docs { get; } =
    [
        new("paging", "paging", "Collects paged results.",
            [new("collect", "await paging.collect(fetchPage, { maxItems, maxPages })", "Calls fetchPage(cursor) (undefined first), which returns { items, next }, until next is empty or repeated or a limit is reached (maxItems 10,000, maxPages 100 by default); resolves with { items, truncated }.")]),
    ];

    public void Install(RunningScript run) => run.Define(this, "paging", run.Engine.Evaluate(Paging));
}

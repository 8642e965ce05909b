using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Modular.E2E.Support;
using Modular.Testing;
using Shouldly;
using TechTalk.SpecFlow;

namespace Modular.E2E.Steps;

/// <summary>
/// The Workspace page: creating a workspace, deleting one. Scenarios share one database (and the
/// seeded owner), so each workspace gets a name unique to the scenario, and the workspaces a
/// scenario made through the API are deleted after it; the seeded "main" is never deleted.
/// </summary>
[Binding]
public sealed class WorkspaceSteps(ScenarioPage scenario)
{
    private const string FirstWorkspace = "main";
    private const string NewPassword = "a long password for the e2e specs";

    /// <summary>The scenario's names of workspaces (as the feature says them) to their unique names.</summary>
    private readonly Dictionary<string, string> _names = [];
    /// <summary>The unique names of the workspaces the scenario made, to their ids.</summary>
    private readonly Dictionary<string, string> _ids = [];

    /// <summary>The workspaces the scenario made through the API (the browser's are deleted by the scenarios themselves).</summary>
    private readonly List<string> _toDelete = [];

    [AfterScenario]
    public async Task DeleteWorkspacesAsync()
    {
        if (_toDelete.Count == 0) return;
        using var owner = await TestIdentity.SignInAsync(Platform.Host.Address);
        foreach (var id in _toDelete)
        {
            using var deleted = await owner.DeleteAsync($"/api/workspaces/{id}");
            ((int)deleted.StatusCode).ShouldBeOneOf(204, 404);
        }
    }

    [When("I go to the Workspace page")]
    public async Task GoToWorkspace()
    {
        var page = await scenario.GetAsync();
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Workspace", Exact = true }).ClickAsync();
        await WorkspaceHeading(page).WaitForAsync();
    }

    [When(@"I create the workspace ""([^""]*)""")]
    public Task CreateWorkspace(string name) => CreateWorkspaceWithId(name, null);

    [When(@"I create the workspace ""([^""]*)"" with the id ""([^""]*)""")]
    public async Task CreateWorkspaceWithId(string name, string? id)
    {
        var page = await scenario.GetAsync();
        var form = CreateForm(page);
        await form.GetByLabel("Name", new() { Exact = true }).FillAsync(Unique(name));
        var idField = form.GetByLabel("Id", new() { Exact = true });
        await Assertions.Expect(idField).ToHaveAccessibleDescriptionAsync(new Regex("lowercase letters, digits and dashes"));
        if (id is not null) await idField.FillAsync(id);
        await form.GetByRole(AriaRole.Button, new() { Name = "Create workspace", Exact = true }).ClickAsync();
    }

    /// <summary>The switcher names the workspace, and the Workspace page (where creating one lands) shows it with my role.</summary>
    [Then(@"the console works in the workspace ""([^""]*)"", where I am ""([^""]*)""")]
    public async Task WorksIn(string name, string role)
    {
        var page = await scenario.GetAsync();
        var unique = NameOf(name);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/workspace$"));
        await Assertions.Expect(Switcher(page).Locator("option:checked")).ToHaveTextAsync(unique);
        await Assertions.Expect(WorkspaceHeading(page)).ToBeVisibleAsync();
        // Name, Id, Your role, Created.
        var facts = page.GetByRole(AriaRole.Main).GetByRole(AriaRole.Definition);
        await Assertions.Expect(facts.Nth(0)).ToHaveTextAsync(unique);
        await Assertions.Expect(facts.Nth(2)).ToHaveTextAsync(role);
        var id = await facts.Nth(1).InnerTextAsync();
        await Assertions.Expect(Switcher(page)).ToHaveValueAsync(id);
        _ids[unique] = id;
        // The other pages work in it too: a new workspace has no action yet.
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await nav.GetByRole(AriaRole.Link, new() { Name = "My actions", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Main)).ToContainTextAsync("You have no actions yet.");
        await nav.GetByRole(AriaRole.Link, new() { Name = "Workspace", Exact = true }).ClickAsync();
        await WorkspaceHeading(page).WaitForAsync();
    }

    [When(@"I delete the workspace ""([^""]*)"", typing its name to confirm")]
    public async Task DeleteWorkspace(string name)
    {
        var page = await scenario.GetAsync();
        var unique = NameOf(name);
        var danger = page.GetByRole(AriaRole.Region, new() { Name = "Delete this workspace", Exact = true });
        await danger.GetByRole(AriaRole.Button, new() { Name = "Delete this workspace", Exact = true }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Delete {unique}", Exact = true });
        await Assertions.Expect(dialog).ToContainTextAsync("for good");
        foreach (var gone in new[] { "actions and agents", "runs", "accounts", "members", "API keys", "audit log" })
            await Assertions.Expect(dialog).ToContainTextAsync(gone);
        var delete = dialog.GetByRole(AriaRole.Button, new() { Name = "Delete workspace", Exact = true });
        await Assertions.Expect(delete).ToBeDisabledAsync();
        var typed = dialog.GetByLabel("Workspace name", new() { Exact = true });
        await Assertions.Expect(typed).ToHaveAccessibleDescriptionAsync($"Type {unique} to confirm.");
        // Nearly the name is not the name.
        await typed.FillAsync(unique.ToUpperInvariant());
        await Assertions.Expect(delete).ToBeDisabledAsync();
        await typed.FillAsync(unique);
        await Assertions.Expect(delete).ToBeEnabledAsync();
        await delete.ClickAsync();
        // The console loads again, in another workspace.
        await Assertions.Expect(dialog).ToHaveCountAsync(0);
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/library$"));
    }

    [Then(@"the workspace ""([^""]*)"" is (?:no longer|not) in the workspace switcher")]
    public async Task NotInSwitcher(string name)
    {
        var page = await scenario.GetAsync();
        var unique = NameOf(name);
        var switcher = Switcher(page);
        await Assertions.Expect(switcher.Locator("option:checked")).ToHaveCountAsync(1);
        await Assertions.Expect(switcher.GetByRole(AriaRole.Option, new() { Name = unique, Exact = true })).ToHaveCountAsync(0);
        // Nor among my workspaces at all.
        var mine = await page.APIRequest.GetAsync("/api/workspaces");
        mine.Ok.ShouldBeTrue($"{mine.Status} {await mine.TextAsync()}");
        JsonDocument.Parse(await mine.TextAsync()).RootElement.EnumerateArray().Select(w => w.GetProperty("name").GetString()).ShouldNotContain(unique);
    }

    [Then("the console works in my first workspace again")]
    public async Task BackInFirstWorkspace()
    {
        var page = await scenario.GetAsync();
        await Assertions.Expect(Switcher(page)).ToHaveValueAsync(FirstWorkspace);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Action library", Level = 1 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    }

    [Then(@"the workspace is not created, and the field ""([^""]*)"" says ""([^""]*)""")]
    public async Task FieldSays(string label, string error)
    {
        var page = await scenario.GetAsync();
        var field = CreateForm(page).GetByLabel(label, new() { Exact = true });
        await Assertions.Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Assertions.Expect(field).ToHaveAccessibleDescriptionAsync(new Regex(Regex.Escape(error)));
        // Still here, in the same workspace.
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/workspace$"));
        await Assertions.Expect(Switcher(page)).ToHaveValueAsync(FirstWorkspace);
    }

    /// <summary>
    /// The owner creates the workspace and invites someone new as its admin, who joins with a password;
    /// the browser signs in as them (their only workspace, so the console works in it).
    /// </summary>
    [Given(@"a workspace ""([^""]*)"" where I am an admin")]
    public async Task WorkspaceWhereAdmin(string name)
    {
        var unique = Unique(name);
        var id = $"e2e-{Guid.NewGuid():N}";
        using var owner = await TestIdentity.SignInAsync(Platform.Host.Address);
        var created = await ReadAsync(await owner.PostAsJsonAsync("/api/workspaces", new { id, name = unique }));
        created.GetProperty("role").GetString().ShouldBe("owner");
        _toDelete.Add(id);
        _ids[unique] = id;

        var email = $"admin-{Guid.NewGuid():N}@tests.example";
        using var invite = new HttpRequestMessage(HttpMethod.Post, "/api/invitations") { Content = JsonContent.Create(new { email, role = "admin" }) };
        invite.Headers.Add("X-Workspace", id);
        var invitation = await ReadAsync(await owner.SendAsync(invite));
        var link = invitation.GetProperty("link").GetString()!;
        using var invited = new HttpClient { BaseAddress = Platform.Host.Address };
        var joined = await ReadAsync(await invited.PostAsJsonAsync($"/api/invitation-links/{link[(link.LastIndexOf('/') + 1)..]}/accept", new { password = NewPassword }));
        joined.GetProperty("workspaces").EnumerateArray().Select(w => (w.GetProperty("id").GetString(), w.GetProperty("role").GetString()))
            .ShouldHaveSingleItem().ShouldBe((id, "admin"));

        var page = await scenario.GetSignedOutAsync();
        var signIn = await page.APIRequest.PostAsync("/api/session", new APIRequestContextOptions { DataObject = new { email, password = NewPassword } });
        signIn.Ok.ShouldBeTrue($"Signing the admin in was refused: {signIn.Status} {await signIn.TextAsync()}");
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).WaitForAsync();
    }

    [Then(@"the button ""([^""]*)"" is disabled with ""([^""]*)""")]
    public async Task ButtonDisabledWith(string name, string reason)
    {
        var page = await scenario.GetAsync();
        var button = page.GetByRole(AriaRole.Button, new() { Name = name, Exact = true });
        await Assertions.Expect(button).ToBeDisabledAsync();
        await Assertions.Expect(button).ToHaveAccessibleDescriptionAsync(reason);
        await Assertions.Expect(button).ToHaveAttributeAsync("title", reason);
    }

    /// <summary>Not only the button: the host refuses the deletion itself, and the workspace stays.</summary>
    [Then(@"the host refuses to delete the workspace ""([^""]*)"" for me, as I am not its owner")]
    public async Task HostRefusesDeletion(string name)
    {
        var page = await scenario.GetAsync();
        var id = _ids[NameOf(name)];
        var refused = await page.APIRequest.DeleteAsync($"/api/workspaces/{id}");
        refused.Status.ShouldBe(403);
        JsonDocument.Parse(await refused.TextAsync()).RootElement.GetProperty("detail").GetString().ShouldContain("owner");
        await page.ReloadAsync();
        await WorkspaceHeading(page).WaitForAsync();
        await Assertions.Expect(Switcher(page)).ToHaveValueAsync(id);
    }

    private string Unique(string name) => _names[name] = $"{name} {Guid.NewGuid().ToString("N")[..8]}";

    private string NameOf(string name) => _names.TryGetValue(name, out var unique)
        ? unique
        : throw new InvalidOperationException($"The scenario has not named a workspace \"{name}\".");

    private static ILocator WorkspaceHeading(IPage page) => page.GetByRole(AriaRole.Heading, new() { Name = "Workspace", Level = 1, Exact = true });

    private static ILocator CreateForm(IPage page) => page.GetByRole(AriaRole.Form, new() { Name = "Create a workspace" });

    private static ILocator Switcher(IPage page) => page.GetByRole(AriaRole.Combobox, new() { Name = "Workspace", Exact = true });

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.IsSuccessStatusCode.ShouldBeTrue($"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}

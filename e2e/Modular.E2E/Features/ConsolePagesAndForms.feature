Feature: The console's pages and forms
  From the console issue (#15): a page of the console opens from its address, as a reload, a new tab
  or a shared link opens it; "a broken Scriban payload template is saved and published and fails only
  at run time: validate templates where they are saved, with the line and column"; "invalid text and
  URL inputs are outlined"; "show every error at once, each beside its field"; "history with a diff of each version and
  'restore this version'"; "Run as a primary button, a confirmation for each save".

  Background:
    Given I open the admin console

  Scenario: A template page opens from its address, and again when it is reloaded
    When I open the address "/actions/new/rest.call-api"
    Then I see the page "Define the action"
    When I reload the page
    Then I see the page "Define the action"
    And the tab's title is "Define the action · Modular"

  Scenario: A broken payload template is refused where it is saved, beside every other error
    When I go to the Action Library
    And I click on the template "Send data to a webhook" to start the creation flow
    And I fill in the required details: Name "Broken template", Intent "Send orders, with a typo in the template"
    And I click Confirm to proceed
    Then I see the page "Configure the action"
    When I fill in "URL" with "ftp://example.com/hook"
    And I fill in "Payload template" with "{"order": "{{ input.order }"}"
    And I click "Save action" to publish it
    Then the field "Payload template" shows the error "Payload template is not a valid template: line 1, column"
    And the field "URL" shows the error "URL must be an http(s) URL"
    And the fields "URL" and "Payload template" are outlined as invalid
    And the action is still a draft

  Scenario: A schedule's minute out of range is answered beside its field
    Given an active action "Hourly report" with the code
      """
      log("report");
      """
    When I open the action
    And I schedule the action every hour at minute "75"
    And I click "Save schedule"
    Then the schedule's field "Minute past the hour" shows the error "minute past the hour is 0 to 59."

  Scenario: The history shows what each version changed, and an earlier version comes back
    Given an active action "Restock alert" with the code
      """
      log("edited by hand");
      """
    When I open the action
    And I show the changes of "Code edited" in the history
    Then the change to "code" adds the line "log("edited by hand");"
    When I restore version 4 from the history and confirm
    Then the action's code no longer reads "edited by hand"
    And the history's newest entry is "Restored an earlier version" at version 6
    And the action page shows the state "Active"

  Scenario: Run is the action page's primary button, and each save says it is saved
    Given an active action "Quick report" with the code
      """
      log("quick");
      """
    When I open the action
    And I click the primary button "Run"
    Then the run's log page opens
    And the run ends "Succeeded"
    When I open the action
    And I click the "Edit Name" button in the action's menu
    And I save the name "Quicker report"
    Then the console confirms "Renamed to “Quicker report”."

  Scenario: On a phone the console fits the screen and nothing covers the run log
    Given an active action "Phone check" with the code
      """
      for (let i = 1; i <= 40; i++) log("line " + i + " of a log that is long enough to wrap on a phone screen");
      """
    And I use the console on a phone 390 pixels wide
    When I open the action
    Then the page does not scroll sideways
    When I click the "Run" button in the action's menu to execute it immediately
    Then the run's log page opens
    And the run ends "Succeeded"
    And the page does not scroll sideways
    And the run details are beside or under the run log, never over it
    When I open the menu and go to "My actions"
    Then the page does not scroll sideways
    And the menu is folded again

  Scenario Outline: On a phone every section fits the screen
    Given I use the console on a phone 390 pixels wide
    When I open the address "/actions"
    And I open the menu and go to "<section>"
    Then the page does not scroll sideways

    Examples:
      | section   |
      | Library   |
      | Agents    |
      | Accounts  |
      | Runs      |
      | Plugins   |
      | Members   |
      | API keys  |
      | Audit     |
      | Workspace |

  Scenario: The console follows the system's dark setting
    Given my system is set to dark
    When I open the address "/actions"
    Then the page is dark with light text, and so are its fields

  Scenario Outline: Every page has no serious or critical accessibility problem
    Given an active action "Accessible" with the code
      """
      log("checked"); documents.create("out.csv", "a,b\n1,2", "text/csv");
      """
    When I open the console's page "<page>"
    Then axe finds no serious or critical accessibility problem on it

    Examples:
      | page                |
      | /                   |
      | /library            |
      | /actions            |
      | /agents             |
      | /accounts           |
      | /runs               |
      | /plugins            |
      | /members            |
      | /api-keys           |
      | /audit              |
      | /workspace          |
      | /script-api         |
      | the action          |
      | the action's setup  |
      | the action's run    |
      | the run's document  |
      | the action's intent |
      | the action's history changes |
      | the agent           |
      | /actions/new/rest.call-api |
      | /no/such/page       |

  Scenario Outline: Every page has no serious or critical accessibility problem in the dark too
    Given my system is set to dark
    And an active action "Accessible at night" with the code
      """
      log("checked"); documents.create("out.csv", "a,b\n1,2", "text/csv");
      """
    When I open the console's page "<page>"
    Then axe finds no serious or critical accessibility problem on it

    Examples:
      | page                |
      | /                   |
      | /library            |
      | /actions            |
      | /runs               |
      | /accounts           |
      | the action          |
      | the action's setup  |
      | the action's run    |
      | the action's history changes |
      | the agent           |

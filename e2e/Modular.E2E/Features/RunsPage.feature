Feature: The Runs page
  From the console issue (#15): "Runs page: every run of the workspace (n8n's Executions) with action,
  trigger, status, error message, started, duration; filters (status, action, trigger, time range),
  paging, live updates". Done means "a person new to the product finds what ran and why it failed from
  the Runs page".

  Background:
    Given I open the admin console

  Scenario: Find what ran and why it failed, and see a new run appear without a reload
    Given an active action "Nightly import" with the code
      """
      throw new Error("The CRM refused the import");
      """
    When I open the action
    And I click the "Run" button in the action's menu to execute it immediately
    Then the run's log page opens
    And the run ends "Failed"
    When I go to the Runs page and show the runs of the action, queued in the last hour, that failed
    Then the Runs page lists 1 run of the action: "Manual", "Failed", with the error "The CRM refused the import"
    When the action runs again, started elsewhere
    Then the Runs page lists 2 runs of the action without a reload
    When I open the log of the newest run from the Runs page
    Then the run ends "Failed"

  Scenario: The home page says where to start, what failed lately and what runs next
    Given an active action "Home check" with the code
      """
      throw new Error("The sheet is locked");
      """
    And the action has failed once and runs every minute on a schedule
    When I open the address "/"
    Then the home page says where to start: "Connect an account", "Create an action", "Build an agent"
    And the home page lists the action's failure "The sheet is locked" and the action under "Scheduled next"

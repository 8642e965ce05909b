Feature: Choices from the connected account
  A setting that names something in the connected system (a Slack channel, a deal stage) is picked
  from a list read from that system with the action's account, as in n8n or Zapier; without an
  account, or when the list cannot be read, the value is typed.

  Background:
    Given I open the admin console

  Scenario: Pick the channel of a Slack action from the workspace's channels
    When I go to the Accounts page and click "Connect with Slack"
    And I allow access for "Acme (T01ACME)" in the pop-up
    Then the pop-up closes and the Slack workspace of "T01ACME" is listed as connected
    When I go to the Action Library
    And I click on the template "Post a message to a channel" to start the creation flow
    And I fill in the required details: Name "Sales news", Intent "Tell the sales team about every won deal"
    And I choose the account I connected
    And I click Confirm to proceed
    Then I see the page "Configure the action"
    And the "Channel" dropdown lists "#general", "#random", "#sales", "#support"
    When I pick "#sales" in the "Channel" dropdown
    And I fill in "Message" with "Deal won: {{ input.name }}"
    And I click "Save as draft" to save progress without making the action available
    Then the action page shows the state "Draft"
    And the action posts to the channel "C01ACMESAL"
    When I continue the setup
    Then the "Channel" dropdown shows "#sales"

  Scenario: Without an account the channel is typed
    When I go to the Action Library
    And I click on the template "Post a message to a channel" to start the creation flow
    And I fill in the required details: Name "Channel typed", Intent "Post to a channel given by its name"
    And I click Confirm to proceed
    Then I see the page "Configure the action"
    And "Channel" is typed, with the hint "Connect an account to pick from a list."

  Scenario: An account that needs reconnecting says so where its choices would be
    When I go to the Accounts page and click "Connect with Google Sheets"
    And I allow access for "grace@globex.example" in the pop-up
    Then the pop-up closes and the Google Sheets account of "grace@globex.example" is listed as connected
    When Google revokes every grant of the account "110000000000000000002"
    And I go to the Action Library
    And I click on the template "Append a row" to start the creation flow
    And I fill in the required details: Name "Revoked sheet", Intent "Keep rows in a sheet Grace no longer shares"
    And I choose the account I connected
    And I click Confirm to proceed
    Then I see the page "Configure the action"
    When I fill in "Spreadsheet ID" with "demo-sales-sheet-grace"
    Then "Sheet" is typed, with the hint "needs reconnecting"

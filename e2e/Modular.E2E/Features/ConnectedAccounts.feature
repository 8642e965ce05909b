Feature: Connected accounts
  From "Managing connected accounts" and "Other authentication methods" (004): "Some actions (such as
  Wati or REST API actions) use non-OAuth methods for authentication. In these cases, follow the
  on-screen instructions to complete the setup." And from "Disconnect an account": "Click Disconnect
  to remove a connected account. A safety check will be applied: If the account is still being used
  by any active (non-deleted) actions, you cannot disconnect it. You must first update those actions
  to use a different account or remove the actions. If the account is not used by any active actions,
  it can be safely disconnected."

  Background:
    Given I open the admin console

  Scenario: Connect an account with an API key that the test call first rejects (004 "Other authentication methods")
    When I go to the Accounts page and connect a "REST API" account "Partner API" with the API key "wrong-key" for the partner API
    Then an alert says the test call was refused
    And the account "Partner API" is not listed
    When I enter the right API key and connect again
    Then the account "Partner API" is listed as connected

  Scenario: Disconnecting an account used by an active action is refused (004 "Disconnect an account")
    Given a connected account "Partner API" used by an active action "Partner orders"
    When I go to the Accounts page
    And I click Disconnect
    Then a safety check tells me which actions use it, and the account stays connected
    When I delete that action and disconnect the account again
    Then the account is no longer listed

  Scenario: Choose the account an action calls its API with (004 "Managing connected accounts")
    Given a connected account "Partner API"
    When I go to the Action Library
    And I click on the template "Send data to a webhook" to start the creation flow
    And I fill in the required details: Name "Partner webhook", Intent "Send every new order to the partner"
    And I choose the account "Partner API"
    And I click Confirm to proceed
    Then I see the page "Configure the action"
    And the action uses the account "Partner API"

  Scenario: Authorize an account in a pop-up with OAuth 2.0 (004 "How authentication and accounts work")
    When I go to the Accounts page and click "Connect with HubSpot"
    And I allow access for "Acme (portal 1001)" in the pop-up
    Then the pop-up closes and the HubSpot account of "portal 1001" is listed as connected

  Scenario: Authorize the account a template needs while creating the action (004 "Authorize (if required)")
    When I go to the Action Library
    And I click on the template "Update a deal stage" to start the creation flow
    And I fill in the required details: Name "Stage mover", Intent "Move deals on when they are won"
    And I click "Connect with HubSpot" on the intent page
    And I allow access for "Acme (portal 1001)" in the pop-up
    Then the pop-up closes and the HubSpot account of "portal 1001" is chosen for the action
    When I click Confirm to proceed
    Then I see the page "Configure the action"
    And the action uses the account I connected

Feature: Create an action
  From "How to create an action" (004): "Click on a template to start the creation flow. On the intent
  page, fill in the required details: Name, Intent. Click Confirm to proceed. On the configuration page,
  fill in the template-specific settings. Click Save as draft to save progress without making the action
  available. Click Save action to publish it." And from "Actions" (000): "New actions start in paused
  state." and "If the action is currently being used by any agent, you cannot delete it."

  Background:
    Given I open the admin console

  Scenario: Create a webhook action, save it as a draft, then publish it and make it active
    When I go to the Action Library
    And I click on the template "Send data to a webhook" to start the creation flow
    Then I see the page "Define the action"
    When I fill in the required details: Name "Notify the order service", Intent "Send every new order to the order service"
    And I click Confirm to proceed
    Then I see the page "Configure the action"
    When I fill in "URL" with "https://example.com/hook"
    And I fill in "Payload template" with "{"order": "{{ input.id }}"}"
    And I click "Save as draft" to save progress without making the action available
    Then the action page shows the state "Draft"
    When I continue the setup
    And I click "Save action" to publish it
    Then the action page shows the state "Paused"
    And its Description mentions "https://example.com/hook"
    And its Code contains "rest.request"
    When I choose "Active" in the State dropdown
    Then after a reload the action page shows the state "Active"

  Scenario: Save action tells what is missing and the action stays a draft
    When I go to the Action Library
    And I click on the template "Send data to a webhook" to start the creation flow
    And I fill in the required details: Name "Incomplete webhook", Intent "Send orders somewhere, later"
    And I click Confirm to proceed
    Then I see the page "Configure the action"
    When I fill in "Payload template" with "{"order": "{{ input.id }}"}"
    And I click "Save action" to publish it
    Then the field "URL" shows the error "URL is required."
    And the action is still a draft

  Scenario: An action used by an agent cannot be deleted
    Given a published action "Customer webhook" used by the agent "Support agent"
    When I open the action
    And I delete the action and confirm
    Then an alert says the action is used by "Support agent"
    And the action is still listed in My actions

  Scenario: Save action says what it did, offers to activate, and the page says whether the action runs
    When I go to the Action Library
    And I click on the template "Send data to a webhook" to start the creation flow
    And I fill in the required details: Name "Activate me", Intent "Send orders to the order service"
    And I click Confirm to proceed
    Then I see the page "Configure the action"
    When I fill in "URL" with "https://example.com/hook"
    And I fill in "Payload template" with "{"order": "{{ input.id }}"}"
    And I click "Save action" to publish it
    Then the action page shows the state "Paused"
    And the action page tells "Published: agents can use it. It runs once you set it active."
    And the action page says whether it runs: "It does not run now: it is paused."
    When I click "Activate now"
    Then the action page says whether it runs: "It runs now"
    And after a reload the action page shows the state "Active"

  Scenario: Delete from the three-dots menu in My actions names the agents that block it
    Given a published action "Listed webhook" used by the agent "Order agent"
    When I go to My actions and choose "Delete" in the action's menu, and confirm
    Then an alert says the action is used by "Order agent"
    And the alert links to the agent "Order agent"
    And the action is still listed in My actions

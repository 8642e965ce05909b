Feature: Run a connector's template against the connected system
  From "How to create an action" (004): "Click on a template to start the creation flow", "Some actions
  (e.g. CRM such as Hubspot or Google Sheets or APIs) require account authorization" ("Some actions (such as
  Wati or REST API actions) use non-OAuth methods"), "Complete all required settings based on the selected
  template" and "Click Save action". With no vendor credentials configured, the platform reaches
  local stand-ins of HubSpot, Slack, Google Sheets, Wati and Pipefy, so each connector's template is run
  and its effect seen in the connected system.

  Background:
    Given I open the admin console

  Scenario: Create a HubSpot contact from a run's input
    When I go to the Accounts page and click "Connect with HubSpot"
    And I allow access for "Acme (portal 1001)" in the pop-up
    Then the pop-up closes and the HubSpot account of "portal 1001" is listed as connected
    When I go to the Action Library
    And I click on the template "Create a contact" to start the creation flow
    And I fill in the required details: Name "Sign-ups to HubSpot", Intent "Add every sign-up to HubSpot"
    And I choose the account I connected
    And I click Confirm to proceed
    Then I see the page "Configure the action"
    When I click "Save action" to publish it
    Then the action page shows the state "Paused"
    When I choose "Active" in the State dropdown
    And I run the action from its menu with the input
      """
      { "email": "lin.chen@example.com", "firstname": "Lin", "lastname": "Chen" }
      """
    Then the run's log page opens
    And the run ends "Succeeded"
    And HubSpot has the contact "lin.chen@example.com" named "Lin Chen"

  Scenario: Post a message to a Slack channel
    When I go to the Accounts page and click "Connect with Slack"
    And I allow access for "Acme (T01ACME)" in the pop-up
    Then the pop-up closes and the Slack workspace of "T01ACME" is listed as connected
    When I go to the Action Library
    And I click on the template "Post a message to a channel" to start the creation flow
    And I fill in the required details: Name "Lead news", Intent "Tell the sales team about every lead"
    And I choose the account I connected
    And I click Confirm to proceed
    Then I see the page "Configure the action"
    When I pick "#sales" in the "Channel" dropdown
    And I fill in "Message" with "New lead: {{ input.name }}"
    And I click "Save action" to publish it
    Then the action page shows the state "Paused"
    When I choose "Active" in the State dropdown
    And I run the action from its menu with the input
      """
      { "name": "Lin Chen" }
      """
    Then the run's log page opens
    And the run ends "Succeeded"
    And the Slack channel "C01ACMESAL" shows the message "New lead: Lin Chen"

  Scenario: Append a row to a sheet picked from the named spreadsheet
    When I go to the Accounts page and click "Connect with Google Sheets"
    And I allow access for "ada@acme.example" in the pop-up
    Then the pop-up closes and the Google Sheets account of "ada@acme.example" is listed as connected
    When I go to the Action Library
    And I click on the template "Append a row" to start the creation flow
    And I fill in the required details: Name "Sign-ups to the sheet", Intent "Keep every sign-up in the sales spreadsheet"
    And I choose the account I connected
    And I click Confirm to proceed
    Then I see the page "Configure the action"
    And "Sheet" is typed, with the hint "Fill in Spreadsheet ID first to pick from a list."
    When I fill in "Spreadsheet ID" with "demo-sales-sheet"
    Then the "Sheet" dropdown lists "Orders", "Contacts"
    When I pick "Contacts" in the "Sheet" dropdown
    And I fill in "Cells" with
      """
      {{ input.name }}
      {{ input.email }}
      {{ input.company }}
      """
    And I click "Save action" to publish it
    Then the action page shows the state "Paused"
    When I choose "Active" in the State dropdown
    And I run the action from its menu with the input
      """
      { "name": "Lin Chen", "email": "lin.chen@example.com", "company": "Initech" }
      """
    Then the run's log page opens
    And the run ends "Succeeded"
    And the sheet "Contacts" of the spreadsheet "demo-sales-sheet" ends with the row "Lin Chen", "lin.chen@example.com", "Initech"

  Scenario: Send a WhatsApp template message through Wati
    When I go to the Accounts page and connect a "Wati" account "Acme WhatsApp" with the token "demo-wati-token" at the API endpoint of tenant "1001"
    Then the Wati account "Acme WhatsApp" is listed as connected
    When I go to the Action Library
    And I click on the template "Send a WhatsApp template message" to start the creation flow
    And I fill in the required details: Name "Welcome on WhatsApp", Intent "Welcome every new customer on WhatsApp"
    And I choose the account I connected
    And I click Confirm to proceed
    Then I see the page "Configure the action"
    And the "Message template" dropdown lists "order_shipped · English · UTILITY", "appointment_reminder · English · UTILITY", "welcome · English · MARKETING"
    When I pick "welcome · English · MARKETING" in the "Message template" dropdown
    And I click "Save action" to publish it
    Then the action page shows the state "Paused"
    When I choose "Active" in the State dropdown
    And I run the action from its menu with the input
      """
      { "phone": "447700900123" }
      """
    Then the run's log page opens
    And the run ends "Succeeded"
    And Wati has sent the template "welcome" to "447700900123"

  Scenario: Move a Pipes card to a phase picked from its pipe
    When I go to the Accounts page and connect a "Pipes" account "Acme pipes" with the token "demo-pipefy-token"
    Then the Pipes account "Acme pipes" is listed as connected
    When I go to the Action Library
    And I click on the template "Move a card to a phase" to start the creation flow
    And I fill in the required details: Name "Qualify leads", Intent "Move a lead on once it is qualified"
    And I choose the account I connected
    And I click Confirm to proceed
    Then I see the page "Configure the action"
    And "Destination phase" is typed, with the hint "Fill in Pipe first to pick from a list."
    When I pick "Sales pipeline" in the "Pipe" dropdown
    Then the "Destination phase" dropdown lists "Lead", "Qualified", "Proposal", "Won", "Lost"
    When I pick "Qualified" in the "Destination phase" dropdown
    And I click "Save action" to publish it
    Then the action page shows the state "Paused"
    When I choose "Active" in the State dropdown
    And I run the action from its menu with the input
      """
      { "cardId": "303101" }
      """
    Then the run's log page opens
    And the run ends "Succeeded"
    And the Pipes card "303101" is in the phase "Qualified"

  Scenario: Run a Pipes action on each card Pipefy announces
    When I go to the Accounts page and connect a "Pipes" account "Acme pipes" with the token "demo-pipefy-token"
    Then the Pipes account "Acme pipes" is listed as connected
    When I go to the Action Library
    And I click on the template "Move a card to a phase" to start the creation flow
    And I fill in the required details: Name "Qualify new leads", Intent "Qualify every new lead at once"
    And I choose the account I connected
    And I click Confirm to proceed
    Then I see the page "Configure the action"
    When I pick "Sales pipeline" in the "Pipe" dropdown
    And I pick "Proposal" in the "Destination phase" dropdown
    And I fill in "Card id in the input" with "data.card.id"
    And I click "Save action" to publish it
    Then the action page shows the state "Paused"
    When I choose "Active" in the State dropdown
    And I choose to run the action when "A card is created" in the pipe "Sales pipeline"
    Then the action says it runs when "a card is created"
    When a card "Event-driven lead" is created in the Sales pipeline of Pipefy
    Then the card "Event-driven lead" moves to the phase "Proposal"

Feature: Connector operations, documented and run without an action
  From the plugin kit issue (#17): "the operation docs rendered in the console's plugin page" and "Run one
  operation by API without building an action (Activepieces users ask for this)": validated like any
  call, recorded and audited, editor role.

  Background:
    Given I open the admin console

  Scenario: An operation's doc page runs it once, and an input it refuses is answered beside it
    When I open the address "/plugins"
    And I open the operation "Send an HTTP request"
    Then the operation's documentation is shown
    When I run it with the input "{"method": "GET"}"
    Then the console says "The input of rest.request is not valid."
    When I run it with the input "{"url": "<partner>/health"}"
    Then the answer shows ""status": "Healthy""
    And axe finds no serious or critical accessibility problem on it

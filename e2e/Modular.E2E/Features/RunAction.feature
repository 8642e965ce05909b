Feature: Run an action
  From "Actions" (000): "Click the "Run" button in the action's menu to execute it immediately." and
  "When an action is running, open its log page to see the live progress and use the stop control to
  end the run early. The action stops where it is." Runs also start from the action's schedule.

  Background:
    Given I open the admin console

  Scenario: Run an action, follow its live log and stop it early
    Given an active action "Slow counter" with the code
      """
      for (let i = 1; i <= 100; i++) { const until = Date.now() + 300; while (Date.now() < until) {} log("working " + i); }
      """
    When I open the action
    And I click the "Run" button in the action's menu to execute it immediately
    Then the run's log page opens
    And the run log shows "working 1" and then "working 2" while the action is running
    When I click "Stop" to end the run early
    Then the action stops where it is

  Scenario: A run that creates a document lists it for download
    Given an active action "Report writer" with the code
      """
      documents.create("report.txt", "hello", "text/plain"); log("done");
      """
    When I open the action
    And I click the "Run" button in the action's menu to execute it immediately
    Then the run's log page opens
    And the run ends "Succeeded"
    And the run log shows "done"
    And the run lists the document "report.txt" whose download holds "hello"

  Scenario: Schedule an action daily and see its next runs
    Given an active action "Morning digest" with the code
      """
      log("digest");
      """
    When I open the action
    And I schedule the action "Daily at time" at "09:30" in the time zone "Europe/Paris"
    And I click "Save schedule"
    Then the schedule lists 5 next runs at "09:30"

  Scenario: A long log opens with its end on screen and only what is on screen rendered
    Given an active action "Long log" with the code
      """
      for (let i = 1; i <= 4000; i++) log("line " + i);
      """
    When I open the action
    And I click the "Run" button in the action's menu to execute it immediately
    Then the run's log page opens
    And the run ends "Succeeded"
    And the run log shows "line 4000"
    And the run log counts 4,003 lines, fewer than 100 of them in the page
    When I scroll the run log to its top
    Then the run log shows "line 1"

  Scenario: Stop can be clicked while the log floods
    Given an active action "Flood until stopped" with the code
      """
      for (let i = 1; ; i++) { const ms = Date.now(); while (Date.now() === ms) {} log("flood " + i); log("flood " + i + " again"); }
      """
    When I open the action
    And I click the "Run" button in the action's menu to execute it immediately
    Then the run's log page opens
    And the run log is flooding
    When I click "Stop" to end the run early
    Then the run ends "Stopped by"

  Scenario: Write a script with completion that waits and polls, and run it
    Given an active action "Poller" with the code
      """
      log("old code");
      """
    When I open the action
    And I click "Edit code"
    And I type in the code editor "let n = 0;" and a new line
    And I type in the code editor "log("polled", await wai"
    Then the editor offers "waitUntil" as "await waitUntil(check, { every, timeout })"
    When I take "waitUntil" from the editor's offers
    And I type in the code editor "(() => ++n >= 3 && n, { every: 20 }));"
    And I point at "waitUntil" in the code editor
    Then the editor explains "Calls check"
    When I click "Save"
    Then its Code contains "await waitUntil(() => ++n >= 3 && n, { every: 20 }));"
    When I click the "Run" button in the action's menu to execute it immediately
    Then the run's log page opens
    And the run ends "Succeeded"
    And the run log shows "polled 3"

  Scenario: An action's run limits are set on its page and its runs keep to them
    Given an active action "Chatty" with the code
      """
      for (let i = 1; i <= 50; i++) log("line " + i);
      """
    When I open the action
    And I set the run limit "Log lines" to "5"
    And I click "Save limits"
    Then the run limit "Log lines" shows the error "At least 10 log lines"
    When I set the run limit "Log lines" to "10"
    And I click "Save limits"
    Then the run limits say "Limits saved."
    When I click the "Run" button in the action's menu to execute it immediately
    Then the run's log page opens
    And the run ends "Succeeded"
    And the run log shows "The log limit of 10 lines was reached; further lines and connector calls are not recorded."

  Scenario: A run's documents open in the browser, CSV as a table and JSON formatted
    Given an active action "Report maker" with the code
      """
      documents.create("deals.csv", 'name,amount\n"Acme, Inc.",1200\nGlobex,800', "text/csv");
      documents.create("summary.json", '{"total":2000,"deals":2}', "application/json");
      """
    When I open the action
    And I click the "Run" button in the action's menu to execute it immediately
    Then the run's log page opens
    And the run ends "Succeeded"
    When I open the run's document "deals.csv"
    Then the document is a table with the columns "name, amount" and the row "Acme, Inc. | 1200"
    When I go back to the run and open its document "summary.json"
    Then the document reads "\"total\": 2000"

  Scenario: A run's image and PDF documents open in the browser
    Given an active action "Chart maker" with the code
      """
      documents.create("dot.png", { base64: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==" }, "image/png");
      documents.create("invoice.pdf", { base64: "JVBERi0xLjQKMSAwIG9iago8PC9UeXBlL0NhdGFsb2cvUGFnZXMgMiAwIFI+PgplbmRvYmoKMiAwIG9iago8PC9UeXBlL1BhZ2VzL0tpZHNbMyAwIFJdL0NvdW50IDE+PgplbmRvYmoKMyAwIG9iago8PC9UeXBlL1BhZ2UvUGFyZW50IDIgMCBSL01lZGlhQm94WzAgMCAyMDAgMTAwXS9Db250ZW50cyA0IDAgUj4+CmVuZG9iago0IDAgb2JqCjw8L0xlbmd0aCAzMD4+c3RyZWFtCjAgMC40IDAuOCByZyAyMCAyMCAxNjAgNjAgcmUgZgplbmRzdHJlYW0KZW5kb2JqCnhyZWYKMCA1CjAwMDAwMDAwMDAgNjU1MzUgZiAKMDAwMDAwMDAwOSAwMDAwMCBuIAowMDAwMDAwMDU0IDAwMDAwIG4gCjAwMDAwMDAxMDUgMDAwMDAgbiAKMDAwMDAwMDE4NSAwMDAwMCBuIAp0cmFpbGVyCjw8L1NpemUgNS9Sb290IDEgMCBSPj4Kc3RhcnR4cmVmCjI2MgolJUVPRgo=" }, "application/pdf");
      """
    When I open the action
    And I click the "Run" button in the action's menu to execute it immediately
    Then the run's log page opens
    And the run ends "Succeeded"
    When I open the run's document "dot.png"
    Then the document is an image of 1 by 1 pixels
    And axe finds no serious or critical accessibility problem on it
    When I go back to the run and open its document "invoice.pdf"
    Then the document is a PDF whose "Page 1 of 1" is drawn
    And axe finds no serious or critical accessibility problem on it

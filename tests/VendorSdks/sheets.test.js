// Google's official Sheets client (@googleapis/sheets) against the simulator, pointed at it by rootUrl alone.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auth, sheets } from '@googleapis/sheets';
import { useSimulator } from './simulator.js';

const sim = useSimulator();

/**
 * The client as an app makes it: an OAuth2 client holding an access token (the simulator's static
 * `demo-google-token`: ada@acme.example). The client keeps only the origin of `rootUrl` (it resolves
 * `/v4/spreadsheets…` against it), so its base URL is the simulators' root, where the Sheets paths answer too.
 */
function client() {
  const oauth = new auth.OAuth2();
  oauth.setCredentials({ access_token: 'demo-google-token' });
  return sheets({ version: 'v4', auth: oauth, rootUrl: `${sim.base}/` });
}

/** Asserts a GaxiosError with this status and Google's google.rpc.Status body; returns the error. */
async function googleError(promise, status, rpcStatus) {
  let caught;
  await assert.rejects(promise, (error) => {
    assert.equal(error.constructor.name, 'GaxiosError', String(error));
    assert.equal(error.status, status, error.message);
    assert.equal(error.response.data.error.code, status);
    assert.equal(error.response.data.error.status, rpcStatus);
    caught = error;
    return true;
  });
  return caught;
}

let spreadsheetId;

test('spreadsheets.create with a title and a sheet, then spreadsheets.get returns its sheets\' properties', async () => {
  const api = client();
  const created = await api.spreadsheets.create({
    requestBody: { properties: { title: 'SDK test book' }, sheets: [{ properties: { title: 'Leads' } }] },
  });
  assert.equal(created.status, 200);
  spreadsheetId = created.data.spreadsheetId;
  assert.ok(spreadsheetId);
  assert.equal(created.data.properties.title, 'SDK test book');
  assert.deepEqual(created.data.sheets.map((s) => s.properties.title), ['Leads']);
  assert.ok(created.data.spreadsheetUrl.includes(spreadsheetId));
  // The client sent the token as Google wants it, and reached the simulator's Sheets.
  const [request] = await sim.requests({ vendor: 'google', pathContains: '/v4/spreadsheets', take: 1 });
  assert.equal(request.path, '/google/sheets/v4/spreadsheets');
  assert.equal(request.authorization, 'Bearer');

  const got = await api.spreadsheets.get({ spreadsheetId });
  assert.equal(got.data.spreadsheetId, spreadsheetId);
  assert.equal(got.data.properties.title, 'SDK test book');
  const [leads] = got.data.sheets;
  assert.equal(leads.properties.title, 'Leads');
  assert.equal(typeof leads.properties.sheetId, 'number');
  assert.equal(leads.properties.gridProperties.rowCount, 1000);
  assert.equal(leads.properties.gridProperties.columnCount, 26);
});

test('values.append (USER_ENTERED), then values.get reads the rows back', async () => {
  const api = client();
  const appended = await api.spreadsheets.values.append({
    spreadsheetId,
    range: 'Leads!A1',
    valueInputOption: 'USER_ENTERED',
    requestBody: { values: [['Name', 'Amount', 'Won'], ['Ada', '42', 'TRUE'], ['Alan', '7.5', 'FALSE']] },
  });
  assert.equal(appended.data.spreadsheetId, spreadsheetId);
  assert.equal(appended.data.updates.updatedRange, 'Leads!A1:C3');
  assert.equal(appended.data.updates.updatedRows, 3);
  assert.equal(appended.data.updates.updatedCells, 9);

  const more = await api.spreadsheets.values.append({
    spreadsheetId,
    range: 'Leads!A:C',
    valueInputOption: 'USER_ENTERED',
    requestBody: { values: [['Grace', '100', 'TRUE']] },
  });
  assert.equal(more.data.tableRange, 'Leads!A1:C3');
  assert.equal(more.data.updates.updatedRange, 'Leads!A4:C4');

  const read = await api.spreadsheets.values.get({ spreadsheetId, range: 'Leads!A1:C10' });
  assert.equal(read.data.range, 'Leads!A1:C10');
  assert.equal(read.data.majorDimension, 'ROWS');
  assert.deepEqual(read.data.values, [['Name', 'Amount', 'Won'], ['Ada', '42', 'TRUE'], ['Alan', '7.5', 'FALSE'], ['Grace', '100', 'TRUE']]);

  const typed = await api.spreadsheets.values.get({ spreadsheetId, range: 'Leads!B2:C4', valueRenderOption: 'UNFORMATTED_VALUE' });
  assert.deepEqual(typed.data.values, [[42, true], [7.5, false], [100, true]]);
});

test('values.update writes a range', async () => {
  const api = client();
  const updated = await api.spreadsheets.values.update({
    spreadsheetId,
    range: 'Leads!B2:C3',
    valueInputOption: 'RAW',
    requestBody: { values: [['43', 'no'], [null, '']] },
  });
  assert.equal(updated.data.updatedRange, 'Leads!B2:C3');
  assert.equal(updated.data.updatedRows, 2);
  assert.equal(updated.data.updatedColumns, 2);

  const read = await api.spreadsheets.values.get({ spreadsheetId, range: 'Leads!A2:C3' });
  // null left B3 as it was; "" cleared C3 (and a trailing empty cell is left out).
  assert.deepEqual(read.data.values, [['Ada', '43', 'no'], ['Alan', '7.5']]);
});

test('the demo spreadsheet is read through the client, across a percent-encoded range', async () => {
  const read = await client().spreadsheets.values.get({ spreadsheetId: 'demo-sales-sheet', range: "'Orders'!A1:E2" });
  assert.deepEqual(read.data.values[0], ['Date', 'Customer', 'Product', 'Quantity', 'Amount']);
  assert.equal(read.data.values.length, 2);
});

test('a bad range is a GaxiosError 400 with Google\'s message', async () => {
  const error = await googleError(client().spreadsheets.values.get({ spreadsheetId, range: 'NoSuchSheet!A1:B2' }), 400, 'INVALID_ARGUMENT');
  assert.equal(error.response.data.error.message, 'Unable to parse range: NoSuchSheet!A1:B2');
  assert.equal(error.message, 'Unable to parse range: NoSuchSheet!A1:B2');
});

test('a missing valueInputOption is a GaxiosError 400', async () => {
  const error = await googleError(client().spreadsheets.values.update({ spreadsheetId, range: 'Leads!A1', requestBody: { values: [['x']] } }), 400, 'INVALID_ARGUMENT');
  assert.equal(error.response.data.error.message, "'valueInputOption' is required but not specified");
});

test('an unknown spreadsheet is a GaxiosError 404', async () => {
  const error = await googleError(client().spreadsheets.get({ spreadsheetId: 'no-such-spreadsheet' }), 404, 'NOT_FOUND');
  assert.equal(error.response.data.error.message, 'Requested entity was not found.');
});

test('an injected 429 on a read is retried by the client, which then succeeds; a 503 on an append is not', async () => {
  const api = client();
  const path = `/google/sheets/v4/spreadsheets/${spreadsheetId}/values/`;
  const fault = await sim.fault({ vendor: 'google', pathContains: path, method: 'GET', kind: 'rate-limit', count: 1, retryAfterSeconds: 1 });
  const since = await sim.lastSequence();
  const read = await api.spreadsheets.values.get({ spreadsheetId, range: 'Leads!A1:A2' });
  assert.deepEqual(read.data.values, [['Name'], ['Ada']]);
  const calls = (await sim.requests({ vendor: 'google', pathContains: path })).filter((c) => c.sequence > since).reverse();
  assert.deepEqual(calls.map((c) => [c.status, c.fault ?? null]), [[429, fault], [200, null]]);

  // POST is not among the methods the client retries: the fault surfaces.
  await sim.fault({ vendor: 'google', pathContains: path, method: 'POST', kind: 'unavailable', count: 1 });
  await googleError(api.spreadsheets.values.append({
    spreadsheetId, range: 'Leads!A1', valueInputOption: 'RAW', requestBody: { values: [['never']] },
  }), 503, 'UNAVAILABLE');
  const rows = await api.spreadsheets.values.get({ spreadsheetId, range: 'Leads!A:A' });
  assert.ok(!rows.data.values.flat().includes('never'));
});

// Dexie captures `indexedDB` when it is first imported, so the fake must load before any test module.
import 'fake-indexeddb/auto';

// Popup entry: wiring only. The pieces live in app.ts and the modules it imports.
import { mountPopup } from './app';

mountPopup(document, { search: location.search });

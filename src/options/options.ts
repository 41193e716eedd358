// Options page entry: wiring only. The pieces live in app.ts and the modules it imports.
import { mountOptions } from './app';

mountOptions(document);

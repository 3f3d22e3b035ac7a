/** The real server entry point with the test-only `scripted` provider type added. */
import { startServer } from '../../src/server';
import { ScriptedProviderFactory } from './scripted.provider';

void startServer({ providerFactories: [new ScriptedProviderFactory()] });

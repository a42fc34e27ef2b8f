import type { ChatModel } from '../models/chat-model.js';
import type { Forecaster } from '../models/forecaster.js';
import { LocalForecaster } from '../models/local-forecaster.js';
import { LocalReasoner } from '../models/local-reasoner.js';
import type { AgentModelsSource } from './driver-factory.js';

/** Every agent on the local stand-ins, unmetered: for driver tests and tools that need no accounting. */
export class LocalModels implements AgentModelsSource {
  private readonly reasoner = new LocalReasoner();
  private readonly statistical = new LocalForecaster();

  chatModelFor(): ChatModel {
    return this.reasoner;
  }

  sentimentModelFor(): undefined {
    return undefined;
  }

  forecasterFor(): Forecaster {
    return this.statistical;
  }
}

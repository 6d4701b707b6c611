import { composeStories } from '@storybook/react';
import { describe, it } from 'vitest';
import * as addStories from './add-api-key-dialog.stories.js';
import * as pageStories from './api-keys-page.stories.js';
import * as tableStories from './api-keys-table.stories.js';
import * as deleteStories from './delete-api-key-dialog.stories.js';
import * as revokeStories from './revoke-api-key-dialog.stories.js';
import * as rotateStories from './rotate-api-key-dialog.stories.js';
import * as viewStories from './view-api-key-dialog.stories.js';

// Every story renders and its play function passes, in jsdom (portable stories).
const files = {
  AddApiKeyDialog: addStories,
  ViewApiKeyDialog: viewStories,
  ApiKeysTable: tableStories,
  RotateApiKeyDialog: rotateStories,
  RevokeApiKeyDialog: revokeStories,
  DeleteApiKeyDialog: deleteStories,
  ApiKeysPage: pageStories,
};

for (const [component, stories] of Object.entries(files)) {
  describe(component, () => {
    const composed = Object.entries(composeStories(stories)) as Array<
      [string, { run: () => Promise<void> }]
    >;
    for (const [name, Story] of composed) {
      it(`${name} renders and plays`, async () => {
        await Story.run();
      });
    }
  });
}

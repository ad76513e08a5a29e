import type { StatePropertyAccessor } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
// The package's index also loads its prompts and their text recognisers (about 350 ms of start-up): only the classes used are imported.
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
import { REQUIRED_ENTRIES } from '../src/kb/required-ids';
import { ContactDialog } from './contact-dialog';
import { GuidedTopicDialog } from './guided-topic-dialog';
import { TraffickingDialog } from './trafficking-dialog';

export const DIALOG_IDS = {
  avrr: 'avrr-from-morocco',
  training: 'vocational-training',
  trafficking: 'trafficking-help',
  contact: 'contact',
} as const;

/** Knowledge entries that open a guided dialog instead of a single answer. */
export const DIALOG_FOR_ENTRY: Readonly<Record<string, string>> = {
  [REQUIRED_ENTRIES.avrrStart.id]: DIALOG_IDS.avrr,
  [REQUIRED_ENTRIES.trainingStart.id]: DIALOG_IDS.training,
  [REQUIRED_ENTRIES.traffickingHelp.id]: DIALOG_IDS.trafficking,
  [REQUIRED_ENTRIES.contact.id]: DIALOG_IDS.contact,
  [REQUIRED_ENTRIES.contactPhone.id]: DIALOG_IDS.contact,
  [REQUIRED_ENTRIES.contactAddress.id]: DIALOG_IDS.contact,
  [REQUIRED_ENTRIES.contactPerson.id]: DIALOG_IDS.contact,
};

/** The four guided dialogs for the main needs. */
export function createDialogs(dialogState: StatePropertyAccessor<DialogState>): DialogSet {
  const dialogs = new DialogSet(dialogState);
  dialogs.add(
    new GuidedTopicDialog(DIALOG_IDS.avrr, {
      steps: [
        REQUIRED_ENTRIES.avrrStart.id,
        REQUIRED_ENTRIES.avrrEligibility.id,
        REQUIRED_ENTRIES.avrrSupport.id,
        REQUIRED_ENTRIES.avrrVulnerable.id,
        REQUIRED_ENTRIES.avrrHowToAsk.id,
      ],
      closingKey: 'dialog.avrr.noRegistration',
    }),
  );
  dialogs.add(
    new GuidedTopicDialog(DIALOG_IDS.training, {
      steps: [REQUIRED_ENTRIES.trainingStart.id, REQUIRED_ENTRIES.trainingEligibility.id, REQUIRED_ENTRIES.trainingNow.id],
    }),
  );
  dialogs.add(new TraffickingDialog(DIALOG_IDS.trafficking));
  dialogs.add(new ContactDialog(DIALOG_IDS.contact));
  return dialogs;
}

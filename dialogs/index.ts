import type { StatePropertyAccessor } from 'botbuilder';
import type { DialogState } from 'botbuilder-dialogs';
// The package's index also loads its prompts and their text recognisers (about 350 ms of start-up): only the classes used are imported.
import { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
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
  'avrr-from-morocco': DIALOG_IDS.avrr,
  'vocational-training': DIALOG_IDS.training,
  'anti-trafficking-help': DIALOG_IDS.trafficking,
  contact: DIALOG_IDS.contact,
  'contact-phone': DIALOG_IDS.contact,
  'contact-address': DIALOG_IDS.contact,
  'contact-person': DIALOG_IDS.contact,
};

/** The four guided dialogs for the main needs. */
export function createDialogs(dialogState: StatePropertyAccessor<DialogState>): DialogSet {
  const dialogs = new DialogSet(dialogState);
  dialogs.add(
    new GuidedTopicDialog(DIALOG_IDS.avrr, {
      steps: [
        'avrr-from-morocco',
        'avrr-from-morocco-eligibility',
        'avrr-from-morocco-support',
        'avrr-from-morocco-vulnerable',
        'avrr-from-morocco-how-to-ask',
      ],
      closingKey: 'dialog.avrr.noRegistration',
    }),
  );
  dialogs.add(
    new GuidedTopicDialog(DIALOG_IDS.training, {
      steps: ['vocational-training', 'vocational-training-eligibility', 'vocational-training-now'],
    }),
  );
  dialogs.add(new TraffickingDialog(DIALOG_IDS.trafficking));
  dialogs.add(new ContactDialog(DIALOG_IDS.contact));
  return dialogs;
}

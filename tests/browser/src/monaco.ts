import { type Locator, type Page } from 'playwright-core';

/**
 * Replaces the whole text of a Monaco editor (GraphiQL's query and headers editors) as a person
 * would: focus, select all, type. Monaco closes brackets and quotes as they are typed, so what it
 * added after the cursor is removed at the end.
 */
export async function replaceEditorText(page: Page, editor: Locator, text: string): Promise<void> {
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Shift+ControlOrMeta+End');
  await page.keyboard.press('Delete');
  // Back to the start, so a screenshot shows the text from its beginning.
  await page.keyboard.press('ControlOrMeta+Home');
}

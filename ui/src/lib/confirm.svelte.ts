// One confirmation dialog for the whole app: `await confirmAction({...})` → true/false.
export interface ConfirmRequest {
  title: string;
  body: string;
  confirmLabel: string;
  danger?: boolean;
}

class ConfirmState {
  pending = $state<(ConfirmRequest & { resolve: (ok: boolean) => void }) | null>(null);

  ask(req: ConfirmRequest): Promise<boolean> {
    this.pending?.resolve(false);
    return new Promise((resolve) => {
      this.pending = { ...req, resolve };
    });
  }

  answer(ok: boolean): void {
    const p = this.pending;
    this.pending = null;
    p?.resolve(ok);
  }
}

export const confirmState = new ConfirmState();
export const confirmAction = (req: ConfirmRequest) => confirmState.ask(req);

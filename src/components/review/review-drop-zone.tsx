/**
 * Dropping a file anywhere on the map imports it as a site (the same path as "Choose a file"),
 * and so does dropping the loose parts of one shapefile together; other sets of files are
 * refused as the file input refuses them. While files are dragged over the window a drop
 * target covers the map.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from '../../state/use-translation';
import { useReviewController } from '../../state/review-store';
import { chooseImport } from '../../io/choose-import';

function carriesFiles(event: DragEvent): boolean {
  return [...(event.dataTransfer?.types ?? [])].includes('Files');
}

export function ReviewDropZone() {
  const { t } = useTranslation();
  const controller = useReviewController();
  const [dragging, setDragging] = useState(false);

  useEffect(() => {
    let depth = 0;
    const onEnter = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth += 1;
      setDragging(true);
    };
    const onOver = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      // Without preventDefault the browser would open the file instead of dropping it here.
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    };
    const onLeave = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const onDrop = (event: DragEvent) => {
      if (!carriesFiles(event)) return;
      const handled = event.defaultPrevented;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      // A panel that took the drop itself (the reference layers) prevented the default.
      if (handled) return;
      void chooseImport([...(event.dataTransfer?.files ?? [])]).then((chosen) => chosen && controller.importSource(chosen.source, chosen.fileName));
    };
    window.addEventListener('dragenter', onEnter);
    window.addEventListener('dragover', onOver);
    window.addEventListener('dragleave', onLeave);
    window.addEventListener('drop', onDrop);
    return () => {
      window.removeEventListener('dragenter', onEnter);
      window.removeEventListener('dragover', onOver);
      window.removeEventListener('dragleave', onLeave);
      window.removeEventListener('drop', onDrop);
    };
  }, [controller]);

  if (!dragging) return null;
  return (
    <div className="review-drop-zone" data-testid="review-drop-zone" aria-hidden="true">
      <p>{t('review.dropHere')}</p>
    </div>
  );
}
